import { incidentIn } from '../testing/incident.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { diffIncident } from './incident-changes';

describe('diffIncident', () => {
  it('given the same incident, then nothing changed', () => {
    const incident = incidentIn('monitoring');

    expect(diffIncident(incident, { ...incident })).toEqual([]);
  });

  it('given equal instants held in different Date objects, then the time is not a change', () => {
    const incident = { ...incidentIn('monitoring'), nextUpdateBy: minutesAfterT0(30) };

    expect(diffIncident(incident, { ...incident, nextUpdateBy: minutesAfterT0(30) })).toEqual([]);
  });

  it('given wording-only changes (title, impact), then they are not material', () => {
    const incident = incidentIn('identified');

    expect(diffIncident(incident, { ...incident, title: 'New title', customerImpact: 'slow' })).toEqual([]);
  });

  it('given a new customer listed in scope, then scope changed', () => {
    const incident = incidentIn('identified');
    const widened = { ...incident.scope, customerIds: ['CUST-9'] };

    expect(diffIncident(incident, { ...incident, scope: widened })).toEqual(['scope']);
  });
});
