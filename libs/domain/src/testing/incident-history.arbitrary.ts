import fc from 'fast-check';
import { IncidentEvent, IncidentIdentified, IncidentUpdated } from '../incident/incident-events';
import { IncidentScope, Severity } from '../incident/incident';
import { minutesAfterT0 } from './time.builders';

type Stamp = 'incidentId' | 'occurredAt' | 'sequence';
type Unstamped<E> = E extends unknown ? Omit<E, Stamp> : never;
type EventBody = Unstamped<IncidentEvent>;

export type HistoryEnding = 'open' | 'resolved' | 'closed' | 'cancelled';

export interface IncidentHistory {
  readonly events: readonly IncidentEvent[];
  readonly ending: HistoryEnding;
}

const severity = fc.constantFrom<Severity>('minor', 'major', 'critical');
const instant = fc.integer({ min: -60, max: 600 }).map(minutesAfterT0);
const note = fc.constantFrom('investigating', 'engineers on site', 'fix deployed', 'RCA published');
const scope: fc.Arbitrary<IncidentScope> = fc.record({
  services: fc.subarray(['broadband', 'tv', 'mobile']),
  regions: fc.subarray(['north', 'south']),
  postcodePrefixes: fc.subarray(['SW1', 'M1']),
  customerIds: fc.subarray(['C1', 'C2']),
});

const identifiedBody: fc.Arbitrary<Unstamped<IncidentIdentified>> = fc.record(
  {
    type: fc.constant('identified' as const),
    title: fc.constantFrom('Outage', 'Degraded service'),
    severity,
    scope,
    customerImpact: fc.constantFrom('no service', 'slow'),
    startedAt: instant,
    expectedResolutionAt: instant,
    nextUpdateBy: instant,
    statusNote: note,
  },
  { requiredKeys: ['type', 'title', 'severity', 'scope', 'startedAt'] },
);

const updateBody: fc.Arbitrary<Unstamped<IncidentUpdated>> = fc.record(
  {
    type: fc.constant('updated' as const),
    title: fc.constantFrom('Outage', 'Fibre cut'),
    severity,
    scope,
    customerImpact: fc.option(fc.constantFrom('no service', 'slow'), { nil: null }),
    expectedResolutionAt: fc.option(instant, { nil: null }),
    nextUpdateBy: fc.option(instant, { nil: null }),
    statusNote: fc.option(note, { nil: null }),
  },
  { requiredKeys: ['type'] },
);

const noteOnlyUpdate: fc.Arbitrary<EventBody> = note.map((statusNote) => ({ type: 'updated', statusNote }));

const ending: fc.Arbitrary<{ ending: HistoryEnding; bodies: readonly EventBody[] }> = fc.oneof(
  fc.constant({ ending: 'open' as const, bodies: [] }),
  fc.option(note, { nil: undefined }).map((reason) => ({
    ending: 'cancelled' as const,
    bodies: [{ type: 'cancelled' as const, reason }],
  })),
  fc
    .tuple(
      instant,
      fc.option(note, { nil: undefined }),
      fc.array(noteOnlyUpdate, { maxLength: 3 }),
      fc.boolean(),
    )
    .map(([resolvedAt, statusNote, notes, closed]) => ({
      ending: closed ? ('closed' as const) : ('resolved' as const),
      bodies: [
        { type: 'resolved' as const, resolvedAt, statusNote },
        ...notes,
        ...(closed ? [{ type: 'closed' as const }] : []),
      ],
    })),
);

/**
 * A valid history: identified, then updates and re-raises, then an optional ending. Each event is
 * strictly newer than the previous by (occurredAt, sequence); producers either number events or
 * send sequence 0 with strictly increasing times.
 */
export const incidentHistory: fc.Arbitrary<IncidentHistory> = fc
  .tuple(
    identifiedBody,
    fc.array(fc.oneof({ arbitrary: updateBody, weight: 4 }, { arbitrary: identifiedBody, weight: 1 }), {
      maxLength: 6,
    }),
    ending,
    fc.boolean(),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 12, maxLength: 12 }),
  )
  .map(([first, middle, end, numbered, gaps]) => {
    const bodies: EventBody[] = [first, ...middle, ...end.bodies];
    let minute = 0;
    const events = bodies.map((body, index) => {
      minute += numbered ? gaps[index] : gaps[index] + 1;
      const stamp = {
        incidentId: 'INC-P',
        occurredAt: minutesAfterT0(minute),
        sequence: numbered ? index + 1 : 0,
      };
      return { ...body, ...stamp } as IncidentEvent;
    });
    return { events, ending: end.ending };
  });
