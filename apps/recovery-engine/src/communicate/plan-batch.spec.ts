import { aCustomer, aJourney, anIncident, minutesAfterT0, someFacts, T0 } from './communicate.builders';
import { planBatch, triggerFor, withoutSpentPromise } from './plan-batch';

describe('planBatch', () => {
  it('given customers of one batch, then each gets their own plan, in batch order', () => {
    const facts = someFacts({
      customerIds: ['C1', 'C2'],
      journeys: [aJourney('C1'), aJourney('C2')],
      reach: [aCustomer('C2', { preferredChannel: 'email' }), aCustomer('C1')],
    });

    const { plans } = planBatch(facts);

    expect(
      plans.map(({ customer, plan }) => [customer.customerId, plan.notices.map((n) => n.channel)]),
    ).toEqual([
      ['C1', ['sms']],
      ['C2', ['email']],
    ]);
  });

  it('given a customer caught in two incidents, then one notice tells both', () => {
    const facts = someFacts({
      journeys: [aJourney('C1', 'INC-1'), aJourney('C1', 'INC-2')],
      incidents: [anIncident(), anIncident({ incidentId: 'INC-2', title: 'TV outage' })],
    });

    const [{ plan }] = planBatch(facts).plans;

    expect(plan.notices.map((notice) => notice.incidentIds)).toEqual([['INC-1', 'INC-2']]);
  });

  it('given what a customer was told, then it is not told again', () => {
    const facts = someFacts({
      customerIds: ['C1', 'C2'],
      journeys: [aJourney('C1'), aJourney('C2')],
      reach: [aCustomer('C1'), aCustomer('C2')],
      told: [
        {
          customerId: 'C1',
          incidentId: 'INC-1',
          told: { kind: 'first-notice', revision: 'first', asOf: { at: T0, sequence: 1 } },
        },
      ],
    });

    const plans = planBatch(facts).plans.map(({ customer, plan }) => [
      customer.customerId,
      plan.notices.length,
    ]);

    expect(plans).toEqual([
      ['C1', 0],
      ['C2', 1],
    ]);
  });

  it('given a customer gone from the directory, then no plan, and they are counted', () => {
    const facts = someFacts({ customerIds: ['C1', 'GONE'], journeys: [aJourney('C1'), aJourney('GONE')] });

    const batch = planBatch(facts);

    expect(batch.plans.map(({ customer }) => customer.customerId)).toEqual(['C1']);
    expect(batch.notInDirectory).toBe(1);
  });

  it('given the frequency cap already reached by other incidents’ messages, then no notice, counted as capped', () => {
    const history = [0, 1, 2].map((minute) => ({
      customerId: 'C1',
      message: { kind: 'update' as const, at: minutesAfterT0(-60 + minute) },
    }));

    const [{ plan }] = planBatch(someFacts({ history })).plans;

    expect(plan.skipped.map((skip) => skip.reason)).toEqual(['frequency-capped']);
  });

  it('given a promise that has fired, then the notice promises the next one, not the same again', () => {
    const due = minutesAfterT0(1);
    const incident = anIncident({ nextUpdateBy: due });

    const fresh = planBatch(someFacts({ incidents: [incident] })).plans[0].plan.notices[0];
    const spent = planBatch(
      someFacts({ incidents: [incident], spentPromises: [{ incidentId: 'INC-1', dueBy: due }] }),
    ).plans[0].plan.notices[0];

    expect(fresh.parts[0].nextUpdateBy).toEqual(due);
    expect(spent.parts[0].nextUpdateBy).toEqual(minutesAfterT0(120));
  });
});

describe('withoutSpentPromise', () => {
  const incident = anIncident({ nextUpdateBy: minutesAfterT0(30) });

  it.each([
    ['another incident', 'INC-2', 30, true],
    ['another time', 'INC-1', 45, true],
    ['this one', 'INC-1', 30, false],
  ])('given a fired promise of %s, then the promise is kept: %s', (_what, incidentId, minute, kept) => {
    const result = withoutSpentPromise(incident, [{ incidentId, dueBy: minutesAfterT0(minute) }]);

    expect(result.nextUpdateBy !== undefined).toBe(kept);
  });
});

describe('triggerFor', () => {
  it.each([
    ['identified', 'resolved', 'resolved'],
    ['identified', 'closed', 'resolved'],
    ['identified', 'monitoring', 'identified'],
    ['resolved', 'resolved', 'resolved'],
  ] as const)('given a %s trigger for a %s incident, then %s', (type, status, expected) => {
    expect(triggerFor({ type, incidentId: 'INC-1' }, anIncident({ status })).type).toBe(expected);
  });
});
