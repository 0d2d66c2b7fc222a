import { SAMPLE_SENDER } from '@pxr/channels';
import { notificationRequestedSchema } from '@pxr/contracts';
import { DEFAULT_COMMUNICATION_RULES } from '@pxr/domain';
import { aCustomer, aJourney, anIncident, someFacts } from './communicate.builders';
import { issueNotices } from './issue-notices';
import { planBatch } from './plan-batch';

const context = {
  incidents: new Map([['INC-1', anIncident()]]),
  sender: SAMPLE_SENDER,
  tokenFor: (customerId: string) => `token-of-${customerId}`,
  topic: 'pxr.notification.commands.v1',
  jobId: '7',
  now: new Date('2026-01-15T10:00:00Z'),
};

function plansFor(...customers: ReturnType<typeof aCustomer>[]) {
  const ids = customers.map((customer) => customer.customerId);
  return planBatch(someFacts({ customerIds: ids, journeys: ids.map((id) => aJourney(id)), reach: customers }))
    .plans;
}

describe('issueNotices', () => {
  it('given planned notices, then each becomes a valid command keyed by its customer, its id the message id', () => {
    const { notices, commands } = issueNotices(
      plansFor(aCustomer('C1'), aCustomer('C2', { locale: 'fr-FR' })),
      context,
    );

    expect(
      commands.map((command) => [command.key, command.event.id === command.event.data.messageId]),
    ).toEqual([
      ['C1', true],
      ['C2', true],
    ]);
    for (const command of commands)
      expect(notificationRequestedSchema.safeParse(command.event.data).success).toBe(true);
    expect(notices.map((notice) => [notice.messageId, notice.locale, notice.jobId])).toEqual([
      [commands[0].event.data.messageId, 'en-GB', '7'],
      [commands[1].event.data.messageId, 'fr-FR', '7'],
    ]);
    expect(commands[1].event.data.content.email?.text).toContain('Bonjour');
  });

  it('given two customers reading the same words, then each email carries its own unsubscribe link', () => {
    const { commands } = issueNotices(plansFor(aCustomer('C1'), aCustomer('C2')), context);

    const [first, second] = commands.map((command) => command.event.data.content.email!);
    expect(first.text).toContain('/unsubscribe/token-of-C1');
    expect(second.text).toContain('/unsubscribe/token-of-C2');
    expect(second.html).toContain('/unsubscribe/token-of-C2');
    expect(second.text.replace('token-of-C2', 'token-of-C1')).toBe(first.text);
  });

  it('given a customer in their quiet hours, then the command says not before the morning', () => {
    const night = { ...context, now: new Date('2026-01-15T23:00:00Z') };
    const plans = planBatch(someFacts({ now: night.now, rules: DEFAULT_COMMUNICATION_RULES })).plans;

    const [command] = issueNotices(plans, night).commands;

    expect(command.event.data.notBefore).toBe('2026-01-16T08:00:00.000Z');
  });

  it('given wording the command contract refuses, then no notice, counted', () => {
    const longTitle = anIncident({ title: 'Outage '.repeat(60) });

    const issued = issueNotices(plansFor(aCustomer('C1')), {
      ...context,
      incidents: new Map([['INC-1', longTitle]]),
    });

    expect(issued).toMatchObject({ notices: [], commands: [], unrenderable: 1 });
  });
});
