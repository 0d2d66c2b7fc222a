import { incidentIn } from '../testing/incident.builders';
import { minutesAfterT0, T0 } from '../testing/time.builders';
import { hasReachedPhase, markCommunicated, markCompensated } from './incident-phases';

describe('PXR phases', () => {
  it('given an identified incident, when communicated, then the phase is recorded with its time', () => {
    const incident = markCommunicated(incidentIn('identified'), minutesAfterT0(3));

    expect(incident.phases).toEqual([
      { phase: 'identified', at: T0 },
      { phase: 'communicated', at: minutesAfterT0(3) },
    ]);
    expect(hasReachedPhase(incident, 'communicated')).toBe(true);
    expect(hasReachedPhase(incident, 'compensated')).toBe(false);
  });

  it('given phases reached out of PXR order, then they are still listed in PXR order', () => {
    const compensatedFirst = markCompensated(incidentIn('monitoring'), minutesAfterT0(40));

    const incident = markCommunicated(compensatedFirst, minutesAfterT0(50));

    expect(incident.phases.map((reached) => reached.phase)).toEqual([
      'identified',
      'monitored',
      'communicated',
      'compensated',
    ]);
  });

  it('given a phase already reached, when marked again, then the first time is kept and nothing else changes', () => {
    const once = markCommunicated(incidentIn('resolved'), minutesAfterT0(3));

    const twice = markCommunicated(once, minutesAfterT0(9));

    expect(twice).toBe(once);
  });

  it('marking a phase does not touch the version, which belongs to incident events only', () => {
    const incident = incidentIn('monitoring');

    expect(markCompensated(incident, minutesAfterT0(99)).version).toEqual(incident.version);
  });
});
