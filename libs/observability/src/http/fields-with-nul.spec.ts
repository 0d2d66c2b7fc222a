import { fieldsWithNul } from './fields-with-nul';

describe('fieldsWithNul', () => {
  it.each([
    ['clean text', { title: 'Outage in Leeds', scope: { services: ['broadband'] } }, []],
    ['a NUL in a top-level string', 'a\u0000b', ['(root)']],
    ['a NUL in a field', { title: 'a\u0000' }, ['title']],
    [
      'NULs in nested array items',
      { scope: { services: ['ok', '\u0000x'], regions: ['\u0000'] } },
      ['scope.regions.0', 'scope.services.1'],
    ],
    ['a NUL in a key', { 'a\u0000b': 'x' }, ['a\u0000b']],
    ['numbers, booleans and nulls', { a: 1, b: true, c: null, d: [undefined] }, []],
  ])('finds %s', (_case, value, expected) => {
    expect(fieldsWithNul(value)).toEqual(expected);
  });

  it('walks a 100,000-deep nesting without overflowing the stack', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];

    const found = fieldsWithNul(deep);

    expect(found).toHaveLength(1);
    expect(found[0].split('.')).toHaveLength(100_000);
  });
});
