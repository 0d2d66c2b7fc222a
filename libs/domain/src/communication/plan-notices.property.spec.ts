import fc from 'fast-check';
import { Incident, IncidentStatus, Severity } from '../incident/incident';
import { IncidentChange } from '../incident/incident-changes';
import { minutesAfterT0 } from '../testing/time.builders';
import { aPlanInput, aProfile, anAffected, rulesWith } from './communication.builders';
import { CommunicationRules, DEFAULT_COMMUNICATION_RULES } from './communication-rules';
import { SentMessage } from './frequency-cap';
import { AffectedIncident, NoticePlan, NoticeTrigger, PlanNoticesInput } from './notice-plan';
import { planNotices } from './plan-notices';
import { isQuietTime } from './quiet-hours';

const ZONES = [
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'UTC',
];
const INCIDENTS = ['INC-A', 'INC-B', 'INC-C'];
type Step =
  | { kind: 'identify'; which: number; severity: Severity }
  | { kind: 'change'; which: number; changes: IncidentChange[] }
  | { kind: 'promise-due'; which: number }
  | { kind: 'resolve'; which: number }
  | { kind: 'cancel'; which: number };

const which = fc.integer({ min: 0, max: INCIDENTS.length - 1 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('identify' as const),
    which,
    severity: fc.constantFrom<Severity>('minor', 'major', 'critical'),
  }),
  fc.record({
    kind: fc.constant('change' as const),
    which,
    changes: fc.subarray<IncidentChange>(['severity', 'eta', 'scope', 'statusNote', 'nextUpdateBy'], {
      minLength: 1,
    }),
  }),
  fc.record({ kind: fc.constant('promise-due' as const), which }),
  fc.record({ kind: fc.constant('resolve' as const), which }),
  fc.record({ kind: fc.constant('cancel' as const), which }),
);
const timeline = fc.array(fc.tuple(step, fc.integer({ min: 1, max: 400 })), { minLength: 1, maxLength: 30 });
const rules: fc.Arbitrary<CommunicationRules> = fc
  .record({
    maxMessages: fc.integer({ min: 1, max: 4 }),
    windowHours: fc.constantFrom(6, 24),
    combineOverlapping: fc.boolean(),
  })
  .map(({ maxMessages, windowHours, combineOverlapping }) =>
    rulesWith({
      combineOverlapping,
      frequencyCap: { maxMessages, windowHours, exemptKinds: ['resolution', 'all-clear'] },
    }),
  );

interface Run {
  readonly plans: { input: PlanNoticesInput; plan: NoticePlan }[];
  readonly history: SentMessage[];
  readonly told: Map<string, AffectedIncident['told'][number][]>;
}

/** Plays a timeline the way the engine would: plan, then record every planned notice as told and sent. */
function play(steps: readonly [Step, number][], zone: string, ruleSet: CommunicationRules): Run {
  const incidents = new Map<string, Incident>();
  const told = new Map<string, AffectedIncident['told'][number][]>();
  const history: SentMessage[] = [];
  const plans: Run['plans'] = [];
  let minute = 0;
  steps.forEach(([current, gap], index) => {
    minute += gap;
    const now = minutesAfterT0(minute);
    const incidentId = INCIDENTS[current.which];
    const existing = incidents.get(incidentId);
    const version = { at: now, sequence: index + 1 };
    const moved = (status: IncidentStatus, extra: Partial<Incident> = {}) =>
      existing && { ...existing, status, version, ...extra };
    let trigger: NoticeTrigger;
    let incident: Incident | undefined;
    const open = existing?.status === 'identified' || existing?.status === 'monitoring';
    switch (current.kind) {
      case 'identify':
        if (existing) return;
        incident = anAffected({
          incident: {
            incidentId,
            severity: current.severity,
            version,
            nextUpdateBy: minutesAfterT0(minute + 60),
          },
        }).incident;
        trigger = { type: 'identified', incidentId };
        break;
      case 'change':
        if (!open) return;
        incident = moved('monitoring', { expectedResolutionAt: minutesAfterT0(minute + 90) });
        trigger = { type: 'material-change', incidentId, changes: current.changes };
        break;
      case 'promise-due':
        if (!open || existing.nextUpdateBy === undefined) return;
        incident = existing;
        trigger = { type: 'commitment-due', incidentId, dueBy: existing.nextUpdateBy };
        break;
      case 'resolve':
        if (!open) return;
        incident = moved('resolved', { resolvedAt: now });
        trigger = { type: 'resolved', incidentId };
        break;
      case 'cancel':
        if (!open) return;
        incident = moved('cancelled', { cancelledAt: now });
        trigger = { type: 'cancelled', incidentId };
        break;
    }
    if (incident === undefined) return;
    incidents.set(incidentId, incident);
    const input = aPlanInput({
      customer: aProfile({ timeZone: zone }),
      incidents: [...incidents.values()].map((i) => ({
        ...anAffected({ incident: i }),
        told: told.get(i.incidentId) ?? [],
      })),
      triggers: [trigger],
      history: [...history],
      rules: ruleSet,
      now,
    });
    const plan = planNotices(input);
    plans.push({ input, plan });
    for (const notice of plan.notices) {
      history.push({ kind: notice.kind, at: notice.notBefore ?? notice.plannedAt });
      for (const part of notice.parts)
        told.set(part.incidentId, [...(told.get(part.incidentId) ?? []), part]);
      // The engine keeps the promise it just made; for an open incident that is the next commitment.
      for (const part of notice.parts) {
        const promised = incidents.get(part.incidentId);
        if (promised && part.nextUpdateBy)
          incidents.set(part.incidentId, { ...promised, nextUpdateBy: part.nextUpdateBy });
      }
    }
  });
  return { plans, history, told };
}

function fullestWindow(history: readonly SentMessage[], ruleSet: CommunicationRules): number {
  const cap = ruleSet.frequencyCap;
  if (cap === null) return 0;
  const times = history.filter((m) => !cap.exemptKinds.includes(m.kind)).map((m) => m.at.getTime());
  const window = cap.windowHours * 3_600_000;
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t < start + window).length));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  return [...items]
    .map((item, i) => ({ item, order: (i * 7919 + seed) % 101 }))
    .sort((a, b) => a.order - b.order)
    .map((x) => x.item);
}

describe('planNotices properties', () => {
  const zone = fc.constantFrom(...ZONES);

  it('the frequency cap is never exceeded in any rolling window', () => {
    fc.assert(
      fc.property(timeline, zone, rules, (steps, z, ruleSet) => {
        const { history } = play(steps, z, ruleSet);

        expect(fullestWindow(history, ruleSet)).toBeLessThanOrEqual(
          ruleSet.frequencyCap?.maxMessages ?? Infinity,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('no notice goes in the customer’s quiet hours, in any time zone, when nothing may override them', () => {
    fc.assert(
      fc.property(timeline, fc.constantFrom(...Intl.supportedValuesOf('timeZone')), (steps, z) => {
        const { plans } = play(steps, z, DEFAULT_COMMUNICATION_RULES);

        for (const { plan } of plans) {
          for (const notice of plan.notices) {
            expect(
              isQuietTime(notice.notBefore ?? notice.plannedAt, z, DEFAULT_COMMUNICATION_RULES.quietHours),
            ).toBe(false);
            for (const part of notice.parts) {
              if (part.nextUpdateBy)
                expect(isQuietTime(part.nextUpdateBy, z, DEFAULT_COMMUNICATION_RULES.quietHours)).toBe(false);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('nothing is told twice, no key repeats, and updates, no-news updates and all-clears only follow a notice', () => {
    fc.assert(
      fc.property(timeline, zone, rules, (steps, z, ruleSet) => {
        const { plans, told } = play(steps, z, ruleSet);

        const keys = plans.flatMap(({ plan }) => plan.notices.map((n) => n.idempotencyKey));
        expect(new Set(keys).size).toBe(keys.length);
        for (const parts of told.values()) {
          const said = parts.map((p) => `${p.kind}/${p.revision}`);
          expect(new Set(said).size).toBe(said.length);
          expect(['first-notice', 'resolution']).toContain(parts[0].kind);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the plan, keys included, does not depend on the order incidents and history are given in', () => {
    fc.assert(
      fc.property(timeline, zone, rules, fc.nat(), (steps, z, ruleSet, seed) => {
        for (const { input, plan } of play(steps, z, ruleSet).plans) {
          const reordered = {
            ...input,
            incidents: shuffled(input.incidents, seed),
            history: shuffled(input.history, seed),
          };

          expect(planNotices(reordered)).toEqual(plan);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a replan of the same news a little later (after a crash) yields the same key', () => {
    const said = (plan: NoticePlan) =>
      new Map(
        plan.notices.map((n) => [
          n.parts.map((p) => `${p.incidentId}/${p.kind}/${p.revision}`).join(),
          n.idempotencyKey,
        ]),
      );
    fc.assert(
      fc.property(timeline, zone, rules, fc.integer({ min: 1, max: 30 }), (steps, z, ruleSet, delay) => {
        for (const { input, plan } of play(steps, z, ruleSet).plans) {
          const later = planNotices({ ...input, now: new Date(input.now.getTime() + delay * 60_000) });
          const before = said(plan);
          for (const [parts, key] of said(later)) if (before.has(parts)) expect(key).toBe(before.get(parts));
          // Revisions come from the news, never from the clock.
          const revisions = (p: NoticePlan) =>
            p.notices.flatMap((n) => n.parts).map((x) => `${x.incidentId}/${x.kind}/${x.revision}`);
          const earlier = revisions(plan);
          for (const revision of revisions(later)) {
            if (
              earlier.some((r) => r.split('/').slice(0, 2).join() === revision.split('/').slice(0, 2).join())
            ) {
              expect(earlier).toContain(revision);
            }
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('sanity: the simulated timelines do produce notices of every planned kind', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(timeline, zone, (steps, z) => {
        play(steps, z, DEFAULT_COMMUNICATION_RULES).plans.forEach(({ plan }) =>
          plan.notices.forEach((n) => n.parts.forEach((p) => kinds.add(p.kind))),
        );
      }),
      { numRuns: 200, seed: 42 },
    );

    expect([...kinds].sort()).toEqual([
      'all-clear',
      'first-notice',
      'no-news-update',
      'resolution',
      'update',
    ]);
  });
});
