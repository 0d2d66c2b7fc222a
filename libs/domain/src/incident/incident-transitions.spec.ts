import { assertNever } from '../assert-never';
import { IllegalTransitionError } from '../errors';
import {
  aCancel,
  aClose,
  anIdentified,
  anUpdate,
  aResolve,
  incidentIn,
  INCIDENT_ID,
} from '../testing/incident.builders';
import { minutesAfterT0 } from '../testing/time.builders';
import { evolveIncident } from './evolve-incident';
import { IncidentEvent, IncidentEventType } from './incident-events';
import { INCIDENT_TRANSITIONS, nextIncidentStatus } from './incident-transitions';
import { IncidentStatus } from './incident';

/** A newer event of each type than anything incidentIn() produces. */
function newer(type: IncidentEventType): IncidentEvent {
  const occurredAt = minutesAfterT0(60);
  const base = { incidentId: INCIDENT_ID, occurredAt, sequence: 9 };
  switch (type) {
    case 'identified':
      return anIdentified({ ...base, severity: 'critical' });
    case 'updated':
      return anUpdate({ ...base, statusNote: 'still on it' });
    case 'resolved':
      return aResolve({ ...base, resolvedAt: occurredAt });
    case 'cancelled':
      return aCancel(base);
    case 'closed':
      return aClose(base);
    default:
      return assertNever(type);
  }
}

const LEGAL: [IncidentStatus, IncidentEventType, IncidentStatus][] = [
  ['identified', 'identified', 'monitoring'],
  ['identified', 'updated', 'monitoring'],
  ['identified', 'resolved', 'resolved'],
  ['identified', 'cancelled', 'cancelled'],
  ['monitoring', 'identified', 'monitoring'],
  ['monitoring', 'updated', 'monitoring'],
  ['monitoring', 'resolved', 'resolved'],
  ['monitoring', 'cancelled', 'cancelled'],
  ['resolved', 'updated', 'resolved'],
  ['resolved', 'closed', 'closed'],
];

const ILLEGAL: [IncidentStatus, IncidentEventType][] = [
  ['resolved', 'identified'],
  ['resolved', 'resolved'],
  ['resolved', 'cancelled'],
  ['cancelled', 'identified'],
  ['cancelled', 'updated'],
  ['cancelled', 'resolved'],
  ['cancelled', 'cancelled'],
  ['cancelled', 'closed'],
  ['closed', 'identified'],
  ['closed', 'updated'],
  ['closed', 'resolved'],
  ['closed', 'cancelled'],
  ['closed', 'closed'],
];

describe('incident transition table', () => {
  it.each(LEGAL)('given a %s incident, when a newer %s arrives, then it becomes %s', (from, type, to) => {
    const outcome = evolveIncident(incidentIn(from), newer(type));

    expect(outcome.kind).toBe('applied');
    expect(outcome.kind === 'applied' && outcome.incident.status).toBe(to);
  });

  it.each(ILLEGAL)(
    'given a %s incident, when a newer %s arrives, then it is refused naming both',
    (from, type) => {
      const when = () => evolveIncident(incidentIn(from), newer(type));

      expect(when).toThrow(IllegalTransitionError);
      expect(when).toThrow(`event '${type}' is not allowed in state '${from}'`);
    },
  );

  it.each(['identified', 'monitoring'] as const)(
    'given a %s incident, when a newer closed arrives, then it is premature (resolution still in flight)',
    (from) => {
      expect(evolveIncident(incidentIn(from), newer('closed'))).toEqual({
        kind: 'premature',
        reason: 'not-yet-resolved',
      });
    },
  );

  it('the table lists exactly the legal transitions above, so an edit to it must be mirrored here', () => {
    const listed = Object.entries(INCIDENT_TRANSITIONS).flatMap(([from, row]) =>
      Object.entries(row).map(([type, to]) => [from, type, to]),
    );

    expect(listed).toHaveLength(LEGAL.length);
    expect(listed).toEqual(expect.arrayContaining(LEGAL));
  });

  it('legal, illegal and premature cases together cover every (status, event) pair', () => {
    const statuses = Object.keys(INCIDENT_TRANSITIONS);
    const pairs = new Set([...LEGAL, ...ILLEGAL].map(([from, type]) => `${from}/${type}`));
    pairs.add('identified/closed').add('monitoring/closed');

    expect(pairs.size).toBe(statuses.length * 5);
  });

  it('nextIncidentStatus throws the typed error for a pair absent from the table', () => {
    expect(() => nextIncidentStatus('closed', 'updated')).toThrow(IllegalTransitionError);
    expect(nextIncidentStatus('resolved', 'closed')).toBe('closed');
  });
});
