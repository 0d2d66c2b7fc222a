import { affectedMinutes, servicesTouched, tenureMonths } from './compensation-input';

describe('tenureMonths', () => {
  it.each([
    ['2020-01-15', '2026-01-15T00:00:00Z', 72],
    ['2020-01-15', '2026-01-14T23:59:59Z', 71],
    ['2026-01-31', '2026-02-28T12:00:00Z', 0],
    ['2026-01-31', '2026-03-31T00:00:00Z', 2],
    ['2027-01-01', '2026-06-01T00:00:00Z', 0],
    [undefined, '2026-06-01T00:00:00Z', 0],
    ['not a date', '2026-06-01T00:00:00Z', 0],
  ])('a customer since %s has, at %s, %i whole months of tenure', (since, at, months) => {
    expect(tenureMonths(since, new Date(at))).toBe(months);
  });
});

describe('affectedMinutes', () => {
  it.each([
    ['2026-11-24T09:00:00Z', '2026-11-24T10:30:59Z', 90],
    ['2026-11-24T09:00:00Z', '2026-11-24T09:00:00Z', 0],
    ['2026-11-24T10:00:00Z', '2026-11-24T09:00:00Z', 0],
  ])('from %s to %s is %i whole minutes', (since, until, minutes) => {
    expect(affectedMinutes(new Date(since), new Date(until))).toBe(minutes);
  });
});

describe('servicesTouched', () => {
  it.each<[string[], string[], string[]]>([
    [['tv', 'broadband', 'tv'], [], ['broadband', 'tv']],
    [['tv', 'broadband'], ['broadband', 'mobile'], ['broadband']],
    [['tv'], ['mobile'], []],
  ])('a customer with %j in an incident scoped to %j was touched on %j', (customer, scope, touched) => {
    expect(servicesTouched(customer, scope)).toEqual(touched);
  });
});
