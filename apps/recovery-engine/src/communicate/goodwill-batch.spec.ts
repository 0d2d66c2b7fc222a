import { SAMPLE_SENDER } from '@pxr/channels';
import { notificationRequestedSchema } from '@pxr/contracts';
import { DEFAULT_COMMUNICATION_RULES, Gesture } from '@pxr/domain';
import { GrantsAfter, GrantToTell } from '@pxr/persistence';
import { aCustomer, aJourney, anIncident, minutesAfterT0, T0 } from './communicate.builders';
import { GoodwillFacts, nextGoodwillStep, planGoodwillBatch } from './goodwill-batch';
import { issueNotices } from './issue-notices';

const CREDIT: Gesture = { kind: 'account-credit', amount: { amountMinor: 1000, currency: 'GBP' } };
const VOUCHER: Gesture = { kind: 'voucher', amount: { amountMinor: 500, currency: 'GBP' } };

function aGrant(ledgerSequence: number, overrides: Partial<GrantToTell> = {}): GrantToTell {
  return {
    ledgerSequence,
    incidentId: 'INC-1',
    customerId: `C${ledgerSequence}`,
    gesture: CREDIT,
    reversed: false,
    incidentBusy: false,
    ...overrides,
  };
}

const read = (grants: GrantToTell[], head: number, full = false): GrantsAfter => ({ grants, head, full });
const busy = { incidentBusy: true };

describe('nextGoodwillStep', () => {
  it.each<[string, number, GrantsAfter, number[], number]>([
    ['nothing new', 20, read([], 20), [], 20],
    ['only entries that give nothing since', 20, read([], 35), [], 35],
    ['gestures, all read', 20, read([aGrant(22), aGrant(25)], 30), [22, 25], 30],
    ['a full read: more may follow the last', 20, read([aGrant(22), aGrant(25)], 90, true), [22, 25], 25],
    [
      'a gesture whose incident still has notices going out',
      20,
      read([aGrant(22), aGrant(25, busy), aGrant(27)], 30),
      [22],
      24,
    ],
    ['the first gesture waiting on its incident', 20, read([aGrant(21, busy), aGrant(25)], 30), [], 20],
    [
      'a second gesture for one customer and incident: a batch of its own',
      20,
      read([aGrant(22), aGrant(23, { customerId: 'C22' }), aGrant(24)], 30),
      [22],
      22,
    ],
    [
      'gestures for one customer in two incidents: told together',
      20,
      read([aGrant(22), aGrant(23, { customerId: 'C22', incidentId: 'INC-2' })], 30),
      [22, 23],
      30,
    ],
    ['a head read behind the gestures', 20, read([aGrant(22), aGrant(25)], 21), [22, 25], 25],
  ])('given %s, then it tells %j and the cursor moves to %i', (_, cursor, batch, told, moved) => {
    const step = nextGoodwillStep(cursor, batch);

    expect(step.tell.map((grant) => grant.ledgerSequence)).toEqual(told);
    expect(step.cursor).toBe(moved);
  });
});

function someGoodwillFacts(overrides: Partial<GoodwillFacts> = {}): GoodwillFacts {
  const resolved = anIncident({ status: 'resolved', resolvedAt: minutesAfterT0(30) });
  return {
    grants: [aGrant(1, { customerId: 'C1' }), aGrant(2, { customerId: 'C2', gesture: VOUCHER })],
    journeys: [aJourney('C1'), aJourney('C2')],
    incidents: [resolved],
    reach: [aCustomer('C1'), aCustomer('C2')],
    told: [],
    history: [],
    rules: DEFAULT_COMMUNICATION_RULES,
    now: minutesAfterT0(45),
    ...overrides,
  };
}

describe('planGoodwillBatch', () => {
  it('given customers granted different gestures, then each command names their own, in plain words', () => {
    const facts = someGoodwillFacts();
    const { plans } = planGoodwillBatch(facts);

    const { commands } = issueNotices(plans, {
      incidents: new Map(facts.incidents.map((incident) => [incident.incidentId, incident])),
      sender: SAMPLE_SENDER,
      tokenFor: (customerId) => `token-of-${customerId}`,
      topic: 'pxr.notification.commands.v1',
      now: facts.now,
    });

    expect(commands.map((command) => [command.key, command.event.data.kind])).toEqual([
      ['C1', 'goodwill'],
      ['C2', 'goodwill'],
    ]);
    expect(commands[0].event.data.content.sms?.body).toContain(
      'we have added a £10.00 credit to your account',
    );
    expect(commands[1].event.data.content.sms?.body).toContain('we are giving you a £5.00 voucher');
    for (const command of commands)
      expect(notificationRequestedSchema.safeParse(command.event.data).success).toBe(true);
  });

  it('given a customer told this gesture already, then nothing for them, and why', () => {
    const facts = someGoodwillFacts({
      told: [
        {
          customerId: 'C1',
          incidentId: 'INC-1',
          told: { kind: 'goodwill', revision: 'ledger:1', asOf: { at: T0, sequence: 1 } },
        },
      ],
    });

    const plans = planGoodwillBatch(facts).plans.map(({ customer, plan }) => [
      customer.customerId,
      plan.notices.length,
      plan.skipped.map((skip) => skip.reason),
    ]);

    expect(plans).toEqual([
      ['C1', 0, ['nothing-new']],
      ['C2', 1, []],
    ]);
  });

  it('given a customer gone from the directory, then no plan, and they are counted', () => {
    const facts = someGoodwillFacts({ reach: [aCustomer('C2')] });

    const batch = planGoodwillBatch(facts);

    expect(batch.plans.map(({ customer }) => customer.customerId)).toEqual(['C2']);
    expect(batch.notInDirectory).toBe(1);
  });

  it('given one customer granted in two incidents, then one notice tells both gestures', () => {
    const facts = someGoodwillFacts({
      grants: [aGrant(1, { customerId: 'C1' }), aGrant(2, { customerId: 'C1', incidentId: 'INC-2' })],
      journeys: [aJourney('C1'), aJourney('C1', 'INC-2')],
      incidents: [
        anIncident({ status: 'resolved' }),
        anIncident({ incidentId: 'INC-2', title: 'TV outage', status: 'resolved' }),
      ],
    });

    const [{ plan }] = planGoodwillBatch(facts).plans;

    expect(
      plan.notices.map((notice) => [notice.incidentIds, notice.parts.map((part) => part.revision)]),
    ).toEqual([
      [
        ['INC-1', 'INC-2'],
        ['ledger:1', 'ledger:2'],
      ],
    ]);
  });
});
