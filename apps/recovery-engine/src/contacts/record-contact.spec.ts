import { Journey, startJourney } from '@pxr/domain';
import { concernedJourneys } from './record-contact';

const at = new Date('2026-01-01T09:00:00Z');
const journeyIn = (incidentId: string): Journey => startJourney({ incidentId, customerId: 'CUST-1', at });

describe('concernedJourneys', () => {
  const underWay = [journeyIn('INC-A'), journeyIn('INC-B')];

  it('given the contact names an incident the customer is affected by, then only that one', () => {
    expect(concernedJourneys(underWay, 'INC-B').map((j) => j.incidentId)).toEqual(['INC-B']);
  });

  it.each([
    ['names no incident', undefined],
    ['names an incident that does not affect them', 'INC-OTHER'],
  ])('given the contact %s, then every open incident they are affected by', (_case, incidentId) => {
    expect(concernedJourneys(underWay, incidentId).map((j) => j.incidentId)).toEqual(['INC-A', 'INC-B']);
  });

  it('given the customer is affected by nothing open, then nothing', () => {
    expect(concernedJourneys([], 'INC-A')).toEqual([]);
  });
});
