import { minutesAfterT0, T0 } from '../testing/time.builders';
import {
  aPlanInput,
  aProfile,
  aToldAffected,
  anAffected,
  anIncident,
  londonAt,
  rulesWith,
  toldFirstNotice,
} from './communication.builders';
import { NoticeTrigger, PlanNoticesInput, SkipReason } from './notice-plan';
import { planNotices } from './plan-notices';

const identified: NoticeTrigger = { type: 'identified', incidentId: 'INC-1' };
const resolved: NoticeTrigger = { type: 'resolved', incidentId: 'INC-1' };
const cancelled: NoticeTrigger = { type: 'cancelled', incidentId: 'INC-1' };
const etaChanged: NoticeTrigger = {
  type: 'material-change',
  incidentId: 'INC-1',
  changes: ['eta', 'nextUpdateBy'],
};
const promiseDue: NoticeTrigger = { type: 'commitment-due', incidentId: 'INC-1', dueBy: minutesAfterT0(60) };
const newer = { version: { at: minutesAfterT0(30), sequence: 2 }, status: 'monitoring' as const };

function kindsPlanned(input: PlanNoticesInput) {
  return planNotices(input).notices.map((notice) => notice.kind);
}

function onlySkip(input: PlanNoticesInput) {
  const plan = planNotices(input);
  expect(plan.notices).toEqual([]);
  return plan.skipped.map(({ incidentId, kind, reason }) => ({ incidentId, kind, reason }));
}

describe('planNotices', () => {
  describe('what is due', () => {
    it('given a customer just identified as affected, then a first notice goes now by SMS with email as fallback', () => {
      const plan = planNotices(aPlanInput());

      expect(plan.skipped).toEqual([]);
      expect(plan.notices).toEqual([
        {
          idempotencyKey: expect.stringMatching(/^CUST-1:first-notice:[0-9a-f]{32}$/),
          customerId: 'CUST-1',
          kind: 'first-notice',
          channel: 'sms',
          fallbackChannel: 'email',
          incidentIds: ['INC-1'],
          parts: [
            {
              incidentId: 'INC-1',
              kind: 'first-notice',
              revision: 'first',
              asOf: { at: T0, sequence: 1 },
              changes: [],
              nextUpdateBy: minutesAfterT0(60),
            },
          ],
          plannedAt: T0,
        },
      ]);
    });

    it.each<{ given: string; input: Partial<PlanNoticesInput>; kind: string; reason: SkipReason }>([
      {
        given: 'a customer already told',
        input: { incidents: [aToldAffected()] },
        kind: 'first-notice',
        reason: 'nothing-new',
      },
      {
        given: 'an incident already resolved',
        input: { incidents: [anAffected({ status: 'resolved' })] },
        kind: 'first-notice',
        reason: 'nothing-new',
      },
      {
        given: 'a change that is not material (a status note)',
        input: {
          incidents: [aToldAffected(newer)],
          triggers: [{ type: 'material-change', incidentId: 'INC-1', changes: ['statusNote'] }],
        },
        kind: 'update',
        reason: 'nothing-new',
      },
      {
        given: 'an ETA change when only severity is configured as material',
        input: {
          incidents: [aToldAffected(newer)],
          triggers: [etaChanged],
          rules: rulesWith({ materialChanges: ['severity'] }),
        },
        kind: 'update',
        reason: 'nothing-new',
      },
      {
        given: 'a change whose facts the customer already has (first notice told at that version)',
        input: { incidents: [aToldAffected()], triggers: [etaChanged] },
        kind: 'update',
        reason: 'nothing-new',
      },
      {
        given: 'a promise falling due when no-news updates are switched off',
        input: {
          incidents: [aToldAffected()],
          triggers: [promiseDue],
          rules: rulesWith({ noNewsUpdates: false }),
        },
        kind: 'no-news-update',
        reason: 'rule-disabled',
      },
      {
        given: 'a cancelled incident the customer never heard of',
        input: { incidents: [anAffected({ status: 'cancelled' })], triggers: [cancelled] },
        kind: 'all-clear',
        reason: 'not-told-yet',
      },
      {
        given: 'a resolution for a customer never told, with resolutionToUntold off',
        input: {
          incidents: [anAffected({ status: 'resolved' })],
          triggers: [resolved],
          rules: rulesWith({ resolutionToUntold: false }),
        },
        kind: 'resolution',
        reason: 'not-told-yet',
      },
      {
        given: 'an incident the customer is not affected by',
        input: { incidents: [], triggers: [identified] },
        kind: 'first-notice',
        reason: 'not-affected',
      },
      {
        given: 'a customer who left scope',
        input: {
          incidents: [anAffected({ journeyEvents: ['noticeSent', 'leftScope'] })],
          triggers: [etaChanged],
        },
        kind: 'update',
        reason: 'not-affected',
      },
      {
        given: 'a resolution already told',
        input: {
          incidents: [
            anAffected({
              status: 'resolved',
              journeyEvents: ['resolutionNoticeSent'],
              told: [{ kind: 'resolution', revision: 'resolved', asOf: { at: T0, sequence: 1 } }],
            }),
          ],
          triggers: [resolved],
        },
        kind: 'resolution',
        reason: 'nothing-new',
      },
    ])('given $given, then nothing is sent: $reason', ({ input, kind, reason }) => {
      expect(onlySkip(aPlanInput(input))).toEqual([{ incidentId: 'INC-1', kind, reason }]);
    });

    it.each<{ given: string; input: Partial<PlanNoticesInput>; kind: string }>([
      {
        given: 'a material change after a first notice',
        input: { incidents: [aToldAffected(newer)], triggers: [etaChanged] },
        kind: 'update',
      },
      {
        given: 'a material change before any notice',
        input: { incidents: [anAffected({ incident: newer })], triggers: [etaChanged] },
        kind: 'first-notice',
      },
      {
        given: 'a promise falling due without news',
        input: { incidents: [aToldAffected()], triggers: [promiseDue] },
        kind: 'no-news-update',
      },
      {
        given: 'a promise falling due for a customer never told',
        input: { incidents: [anAffected()], triggers: [promiseDue] },
        kind: 'first-notice',
      },
      {
        given: 'a resolution after a first notice',
        input: {
          incidents: [
            anAffected({ status: 'resolved', journeyEvents: ['noticeSent'], told: [toldFirstNotice()] }),
          ],
          triggers: [resolved],
        },
        kind: 'resolution',
      },
      {
        given: 'a resolution for a customer never told',
        input: { incidents: [anAffected({ status: 'resolved' })], triggers: [resolved] },
        kind: 'resolution',
      },
      {
        given: 'a cancellation after a first notice',
        input: {
          incidents: [
            anAffected({ status: 'cancelled', journeyEvents: ['noticeSent'], told: [toldFirstNotice()] }),
          ],
          triggers: [cancelled],
        },
        kind: 'all-clear',
      },
      {
        given: 'a cancellation after the journey was wound down',
        input: {
          incidents: [
            anAffected({
              status: 'cancelled',
              journeyEvents: ['noticeSent', 'closed'],
              told: [toldFirstNotice()],
            }),
          ],
          triggers: [cancelled],
        },
        kind: 'all-clear',
      },
    ])('given $given, then a $kind is planned', ({ input, kind }) => {
      expect(kindsPlanned(aPlanInput(input))).toEqual([kind]);
    });

    it('given an update, then it names the material changes and is revised by the incident version', () => {
      const [notice] = planNotices(
        aPlanInput({ incidents: [aToldAffected(newer)], triggers: [etaChanged] }),
      ).notices;

      expect(notice.parts[0]).toMatchObject({
        kind: 'update',
        changes: ['eta'],
        revision: `v:${minutesAfterT0(30).toISOString()}#2`,
        asOf: newer.version,
      });
    });

    it('given a resolution, then it promises no further update', () => {
      const input = aPlanInput({ incidents: [anAffected({ status: 'resolved' })], triggers: [resolved] });

      expect(planNotices(input).notices[0].parts[0].nextUpdateBy).toBeUndefined();
    });
  });

  describe('never the same message twice', () => {
    it.each<[string, NoticeTrigger, ReturnType<typeof aToldAffected>]>([
      ['first notice', identified, anAffected()],
      ['update', etaChanged, aToldAffected(newer)],
      ['no-news update', promiseDue, aToldAffected()],
    ])(
      'given a %s was planned and recorded, when planned again, then it is nothing new',
      (_, trigger, affected) => {
        const first = planNotices(aPlanInput({ incidents: [affected], triggers: [trigger] })).notices[0];
        const recorded = { ...affected, told: [...affected.told, ...first.parts] };

        const again = planNotices(
          aPlanInput({ incidents: [recorded], triggers: [trigger], now: minutesAfterT0(5) }),
        );

        expect(again.notices).toEqual([]);
        expect(again.skipped.map((s) => s.reason)).toEqual(['nothing-new']);
      },
    );

    it('given a crash before the plan was recorded, when replanned later, then the key is the same', () => {
      const input = aPlanInput({ incidents: [aToldAffected(newer)], triggers: [etaChanged] });

      const before = planNotices(input).notices[0];
      const after = planNotices({ ...input, now: minutesAfterT0(45) }).notices[0];

      expect(after.idempotencyKey).toBe(before.idempotencyKey);
    });

    it('given two promises falling due, then each gets its own key', () => {
      const affected = aToldAffected();
      const keyFor = (dueBy: Date) =>
        planNotices(
          aPlanInput({
            incidents: [affected],
            triggers: [{ type: 'commitment-due', incidentId: 'INC-1', dueBy }],
          }),
        ).notices[0].idempotencyKey;

      expect(keyFor(minutesAfterT0(60))).not.toBe(keyFor(minutesAfterT0(180)));
    });
  });

  describe('consent and opt-outs', () => {
    it.each<[string, Parameters<typeof aProfile>[0], SkipReason]>([
      ['no consent on any channel', { consents: { sms: false, email: false } }, 'no-consent-any-channel'],
      ['opted out everywhere', { optedOut: { sms: true, email: true } }, 'opted-out'],
      ['no phone and no email', { hasPhone: false, hasEmail: false }, 'no-contact-detail'],
    ])('given %s, then the notice is skipped with that reason', (_, profile, reason) => {
      expect(onlySkip(aPlanInput({ customer: aProfile(profile) }))).toEqual([
        { incidentId: 'INC-1', kind: 'first-notice', reason },
      ]);
    });

    it('given SMS is unusable, then the notice goes by email without a fallback', () => {
      const [notice] = planNotices(
        aPlanInput({ customer: aProfile({ optedOut: { sms: true, email: false } }) }),
      ).notices;

      expect(notice).toMatchObject({ channel: 'email' });
      expect(notice.fallbackChannel).toBeUndefined();
    });
  });

  describe('quiet hours', () => {
    it('given it is 22:30 for the customer, then the notice waits until 08:00 and promises a later update', () => {
      const input = aPlanInput({
        now: londonAt('22:30'),
        incidents: [anAffected({ incident: { nextUpdateBy: londonAt('23:30') } })],
      });

      const [notice] = planNotices(input).notices;

      expect(notice.notBefore).toEqual(new Date('2024-03-02T08:00:00Z'));
      expect(notice.parts[0].nextUpdateBy).toEqual(new Date('2024-03-02T10:00:00Z'));
    });

    it('given a customer in New York, then their own clock decides: 22:30 in London is 17:30 there', () => {
      const input = aPlanInput({
        now: londonAt('22:30'),
        customer: aProfile({ timeZone: 'America/New_York' }),
      });

      expect(planNotices(input).notices[0].notBefore).toBeUndefined();
    });

    it('given an unknown time zone, then the fallback zone decides', () => {
      const input = aPlanInput({
        now: londonAt('22:30'),
        customer: aProfile({ timeZone: 'Mars/Olympus_Mons' }),
      });

      expect(planNotices(input).notices[0].notBefore).toEqual(new Date('2024-03-02T08:00:00Z'));
    });

    const overriding = rulesWith({ quietHoursOverrideSeverities: ['critical'] });

    it.each<[string, Partial<PlanNoticesInput>, boolean]>([
      [
        'a critical first notice, override on',
        { incidents: [anAffected({ incident: { severity: 'critical' } })], rules: overriding },
        true,
      ],
      [
        'a critical first notice, override off (default)',
        { incidents: [anAffected({ incident: { severity: 'critical' } })] },
        false,
      ],
      ['a major first notice, override on', { incidents: [anAffected()], rules: overriding }, false],
      [
        'a critical resolution, override on (good news waits)',
        {
          incidents: [anAffected({ status: 'resolved', incident: { severity: 'critical' } })],
          triggers: [resolved],
          rules: overriding,
        },
        false,
      ],
    ])('given %s at 23:00, then it goes now: %s', (_, input, now) => {
      const [notice] = planNotices(aPlanInput({ now: londonAt('23:00'), ...input })).notices;

      expect(notice.notBefore === undefined).toBe(now);
    });
  });

  describe('frequency cap', () => {
    const busyDay = [
      { kind: 'update' as const, at: minutesAfterT0(-600) },
      { kind: 'first-notice' as const, at: minutesAfterT0(-300) },
      { kind: 'update' as const, at: minutesAfterT0(-60) },
    ];

    it('given three messages in the last 24 hours, then a first notice is capped', () => {
      expect(onlySkip(aPlanInput({ history: busyDay }))).toEqual([
        { incidentId: 'INC-1', kind: 'first-notice', reason: 'frequency-capped' },
      ]);
    });

    it('given three messages in the last 24 hours, then a resolution still goes', () => {
      const input = aPlanInput({
        history: busyDay,
        incidents: [anAffected({ status: 'resolved' })],
        triggers: [resolved],
      });

      expect(kindsPlanned(input)).toEqual(['resolution']);
    });

    it('given two messages already today, then this one promises its next update only once the window frees up', () => {
      const [notice] = planNotices(aPlanInput({ history: busyDay.slice(1) })).notices;

      // The message at -300 min leaves the 24-hour window at +1140 min (04:00 next day), quiet until 08:00.
      expect(notice.parts[0].nextUpdateBy).toEqual(new Date('2024-03-02T08:00:00Z'));
    });

    it('given the cap is switched off, then a busy day does not stop the notice', () => {
      expect(
        kindsPlanned(aPlanInput({ history: busyDay, rules: rulesWith({ frequencyCap: null }) })),
      ).toEqual(['first-notice']);
    });
  });

  describe('overlapping incidents', () => {
    const second = (overrides: Parameters<typeof anAffected>[0] = {}) =>
      anAffected({
        ...overrides,
        incident: { incidentId: 'INC-2', title: 'TV outage', ...overrides.incident },
      });

    it('given two incidents identified together, then one notice lists both', () => {
      const input = aPlanInput({
        incidents: [second(), anAffected()],
        triggers: [{ type: 'identified', incidentId: 'INC-2' }, identified],
      });

      const { notices } = planNotices(input);

      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ kind: 'first-notice', incidentIds: ['INC-1', 'INC-2'] });
    });

    it('given a first notice still owed for another incident, then it is folded into this one', () => {
      const input = aPlanInput({
        incidents: [anAffected(), second()],
        triggers: [{ type: 'identified', incidentId: 'INC-2' }],
      });

      expect(planNotices(input).notices.map((n) => n.incidentIds)).toEqual([['INC-1', 'INC-2']]);
    });

    it('given a resolution and a new incident together, then one notice carries both and reads as a first notice', () => {
      const input = aPlanInput({
        incidents: [
          anAffected({ status: 'resolved', journeyEvents: ['noticeSent'], told: [toldFirstNotice()] }),
          second(),
        ],
        triggers: [resolved, { type: 'identified', incidentId: 'INC-2' }],
      });

      const [notice] = planNotices(input).notices;

      expect(notice.kind).toBe('first-notice');
      expect(notice.parts.map((p) => [p.incidentId, p.kind])).toEqual([
        ['INC-1', 'resolution'],
        ['INC-2', 'first-notice'],
      ]);
    });

    it('given that combination on a capped day, then the resolution goes alone and the first notice is capped', () => {
      const history = [0, 1, 2].map((h) => ({ kind: 'update' as const, at: minutesAfterT0(-60 * h - 10) }));
      const input = aPlanInput({
        history,
        incidents: [
          anAffected({ status: 'resolved', journeyEvents: ['noticeSent'], told: [toldFirstNotice()] }),
          second(),
        ],
        triggers: [resolved, { type: 'identified', incidentId: 'INC-2' }],
      });

      const plan = planNotices(input);

      expect(plan.notices.map((n) => [n.kind, n.incidentIds])).toEqual([['resolution', ['INC-1']]]);
      expect(plan.skipped.map((s) => [s.incidentId, s.reason])).toEqual([['INC-2', 'frequency-capped']]);
    });

    it('given combining switched off, then each incident gets its own notice', () => {
      const input = aPlanInput({
        incidents: [anAffected(), second()],
        triggers: [identified, { type: 'identified', incidentId: 'INC-2' }],
        rules: rulesWith({ combineOverlapping: false }),
      });

      expect(planNotices(input).notices.map((n) => n.incidentIds)).toEqual([['INC-1'], ['INC-2']]);
    });

    it('given an ETA change as a promise falls due, then one update covers both', () => {
      const input = aPlanInput({ incidents: [aToldAffected(newer)], triggers: [promiseDue, etaChanged] });

      const plan = planNotices(input);

      expect(plan.notices.map((n) => n.parts.map((p) => p.kind))).toEqual([['update']]);
      expect(plan.skipped).toEqual([]);
    });
  });

  describe('promises', () => {
    it('given the promised update time has passed, then a no-news update promises the next one followUpMinutes on', () => {
      const input = aPlanInput({
        now: minutesAfterT0(60),
        incidents: [aToldAffected({ nextUpdateBy: minutesAfterT0(60) })],
        triggers: [promiseDue],
      });

      expect(planNotices(input).notices[0].parts[0].nextUpdateBy).toEqual(minutesAfterT0(180));
    });

    it('given operations promised an update time still ahead, then that time is kept', () => {
      const incident = anIncident({ nextUpdateBy: minutesAfterT0(90) });

      expect(
        planNotices(aPlanInput({ incidents: [anAffected({ incident })] })).notices[0].parts[0].nextUpdateBy,
      ).toEqual(minutesAfterT0(90));
    });
  });
});
