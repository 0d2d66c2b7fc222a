import { Gesture } from '../compensation/gesture';
import { InvalidArgumentError } from '../errors';
import { JourneyEventType } from '../journey/journey-events';
import { minutesAfterT0, T0 } from '../testing/time.builders';
import { aPlanInput, aProfile, anAffected, londonAt, rulesWith } from './communication.builders';
import { ContactProfile } from './contact-profile';
import { SentMessage } from './frequency-cap';
import { AffectedIncident, NoticeTrigger, PlanNoticesInput, ToldNotice } from './notice-plan';
import { planNotices } from './plan-notices';

// Telling a customer of their goodwill gesture: the planner's decisions for `gesture-granted`.

const CREDIT: Gesture = { kind: 'account-credit', amount: { amountMinor: 1000, currency: 'GBP' } };
const CALL_BACK: Gesture = { kind: 'priority-callback' };

function granted(
  overrides: Partial<Extract<NoticeTrigger, { type: 'gesture-granted' }>> = {},
): NoticeTrigger {
  return {
    type: 'gesture-granted',
    incidentId: 'INC-1',
    ledgerSequence: 7,
    gesture: CREDIT,
    reversed: false,
    ...overrides,
  };
}

/** A customer of a resolved incident, told of the resolution and decided for. */
function decided(
  options: { incidentId?: string; events?: JourneyEventType[]; told?: ToldNotice[] } = {},
): AffectedIncident {
  return anAffected({
    status: 'resolved',
    incident: { incidentId: options.incidentId ?? 'INC-1', resolvedAt: minutesAfterT0(30) },
    journeyEvents: options.events ?? ['noticeSent', 'resolutionNoticeSent', 'compensationDecided'],
    told: options.told ?? [],
  });
}

function goodwillInput(overrides: Partial<PlanNoticesInput> = {}): PlanNoticesInput {
  return aPlanInput({ incidents: [decided()], triggers: [granted()], now: minutesAfterT0(45), ...overrides });
}

const TOLD_THIS_GESTURE: ToldNotice = {
  kind: 'goodwill',
  revision: 'ledger:7',
  asOf: { at: T0, sequence: 1 },
};
const optedOut = (sms: boolean, email: boolean): Partial<ContactProfile> => ({ optedOut: { sms, email } });

describe('planNotices: a gesture granted', () => {
  it('given a customer granted a credit, then one goodwill notice carrying the gesture goes now, promising nothing', () => {
    const plan = planNotices(goodwillInput());

    expect(plan.skipped).toEqual([]);
    expect(plan.notices).toEqual([
      {
        idempotencyKey: expect.stringMatching(/^CUST-1:goodwill:[0-9a-f]{32}$/),
        customerId: 'CUST-1',
        kind: 'goodwill',
        channel: 'sms',
        fallbackChannel: 'email',
        incidentIds: ['INC-1'],
        parts: [
          {
            incidentId: 'INC-1',
            kind: 'goodwill',
            revision: 'ledger:7',
            asOf: { at: T0, sequence: 1 },
            changes: [],
            gesture: CREDIT,
          },
        ],
        plannedAt: minutesAfterT0(45),
      },
    ]);
  });

  describe('whom it reaches, and when', () => {
    it.each<[string, Partial<PlanNoticesInput>, { channel: string; fallback?: string; notBefore?: Date }]>([
      [
        'a customer who left scope',
        { incidents: [decided({ events: ['noticeSent', 'leftScope'] })] },
        { channel: 'sms', fallback: 'email' },
      ],
      [
        'a customer never told of the incident',
        { incidents: [decided({ events: ['compensationDecided'] })] },
        { channel: 'sms', fallback: 'email' },
      ],
      [
        'a closed journey',
        { incidents: [decided({ events: ['closed'] })] },
        { channel: 'sms', fallback: 'email' },
      ],
      [
        'a customer who opted out of SMS',
        { customer: aProfile(optedOut(true, false)) },
        { channel: 'email' },
      ],
      ['a customer without a phone', { customer: aProfile({ hasPhone: false }) }, { channel: 'email' }],
      [
        'a customer preferring email',
        { customer: aProfile({ preferredChannel: 'email' }) },
        { channel: 'email', fallback: 'sms' },
      ],
      [
        '22:00 in London: quiet hours',
        { now: londonAt('22:00') },
        { channel: 'sms', fallback: 'email', notBefore: new Date('2024-03-02T08:00:00.000Z') },
      ],
      [
        '22:00 in London, critical news may wake customers: a gesture still waits',
        { now: londonAt('22:00'), rules: rulesWith({ quietHoursOverrideSeverities: ['major', 'critical'] }) },
        { channel: 'sms', fallback: 'email', notBefore: new Date('2024-03-02T08:00:00.000Z') },
      ],
      [
        '08:30 in Tokyo: outside quiet hours there',
        { now: londonAt('23:30'), customer: aProfile({ timeZone: 'Asia/Tokyo' }) },
        { channel: 'sms', fallback: 'email' },
      ],
      [
        'three messages today already: the cap does not hold back what we gave',
        {
          history: [10, 20, 40].map((minutes): SentMessage => ({
            kind: 'update',
            at: minutesAfterT0(minutes),
          })),
        },
        { channel: 'sms', fallback: 'email' },
      ],
    ])('given %s, then it goes as %o', (_, overrides, expected) => {
      const [notice] = planNotices(goodwillInput(overrides)).notices;

      expect({
        channel: notice.channel,
        fallback: notice.fallbackChannel,
        notBefore: notice.notBefore,
      }).toEqual({
        fallback: undefined,
        notBefore: undefined,
        ...expected,
      });
    });
  });

  describe('when nothing is told', () => {
    it.each<[string, Partial<PlanNoticesInput>, string]>([
      [
        'the gesture was reversed before it could be told',
        { triggers: [granted({ reversed: true })] },
        'gesture-reversed',
      ],
      [
        'this ledger entry was told already (a replan, a redelivery)',
        { incidents: [decided({ told: [TOLD_THIS_GESTURE] })] },
        'nothing-new',
      ],
      ['the customer has no journey in the incident', { incidents: [] }, 'not-affected'],
      [
        'the customer consented to no channel',
        { customer: aProfile({ consents: { sms: false, email: false } }) },
        'no-consent-any-channel',
      ],
      ['the customer opted out of both channels', { customer: aProfile(optedOut(true, true)) }, 'opted-out'],
      [
        'the customer opted out of the only channel they consented to',
        { customer: aProfile({ ...optedOut(true, false), consents: { sms: true, email: false } }) },
        'opted-out',
      ],
      [
        'the customer has neither a phone nor an email address',
        { customer: aProfile({ hasPhone: false, hasEmail: false }) },
        'no-contact-detail',
      ],
    ])('given %s, then no notice, and the reason is %s', (_, overrides, reason) => {
      const plan = planNotices(goodwillInput(overrides));

      expect(plan.notices).toEqual([]);
      expect(plan.skipped).toEqual([{ customerId: 'CUST-1', incidentId: 'INC-1', kind: 'goodwill', reason }]);
    });
  });

  describe('once per ledger entry', () => {
    const keyOf = (overrides: Partial<PlanNoticesInput>) =>
      planNotices(goodwillInput(overrides)).notices[0].idempotencyKey;

    it('given the same gesture planned again later, then the key is the same, so Postgres holds it once', () => {
      expect(keyOf({ now: minutesAfterT0(300) })).toBe(keyOf({}));
    });

    it('given another ledger entry for the same incident, then it is news with a key of its own', () => {
      const second = granted({ ledgerSequence: 9, gesture: CALL_BACK });

      const plan = planNotices(
        goodwillInput({ triggers: [second], incidents: [decided({ told: [TOLD_THIS_GESTURE] })] }),
      );

      expect(plan.notices.map((notice) => notice.parts.map((part) => [part.revision, part.gesture]))).toEqual(
        [[['ledger:9', CALL_BACK]]],
      );
      expect(plan.notices[0].idempotencyKey).not.toBe(keyOf({}));
    });

    it('given gestures in two incidents at once, then one notice tells both', () => {
      const plan = planNotices(
        goodwillInput({
          incidents: [decided(), decided({ incidentId: 'INC-2' })],
          triggers: [granted(), granted({ incidentId: 'INC-2', ledgerSequence: 8, gesture: CALL_BACK })],
        }),
      );

      expect(
        plan.notices.map((notice) => [notice.kind, notice.incidentIds, notice.parts.map((p) => p.gesture)]),
      ).toEqual([['goodwill', ['INC-1', 'INC-2'], [CREDIT, CALL_BACK]]]);
    });

    it('given two gestures for one incident in one plan, then it refuses rather than lose one', () => {
      const input = goodwillInput({ triggers: [granted(), granted({ ledgerSequence: 9 })] });

      expect(() => planNotices(input)).toThrow(InvalidArgumentError);
      expect(() => planNotices(input)).toThrow('two gestures for incident INC-1 in one plan');
    });
  });

  it('given a gesture during an open incident, then its notice promises no update: that is the incident news’ job', () => {
    const open = anAffected({ journeyEvents: ['noticeSent'], told: [] });

    const [notice] = planNotices(goodwillInput({ incidents: [open] })).notices;

    expect(notice.parts.map((part) => [part.kind, part.nextUpdateBy])).toEqual([['goodwill', undefined]]);
  });
});
