import { deadLetterTopicOf, TOPICS, topicsWithPrefix } from './topics';

describe('the topic catalogue', () => {
  it('holds the public topics of the design and the commitment facts, each keyed as the design says', () => {
    expect(Object.values(TOPICS).map((topic) => `${topic.name} [${topic.keyedBy}]`)).toEqual([
      'pxr.incident.events.v1 [incidentId]',
      'pxr.contact.events.v1 [customerId]',
      'pxr.customer.events.v1 [customerId]',
      'pxr.notification.commands.v1 [customerId]',
      'pxr.notification.events.v1 [customerId]',
      'pxr.compensation.events.v1 [customerId]',
      'pxr.commitment.events.v1 [incidentId]',
    ]);
  });

  it('prefixes every name for isolated runs and leaves production names alone', () => {
    expect(topicsWithPrefix('')).toBe(TOPICS);
    expect(topicsWithPrefix('t1.').incidentEvents.name).toBe('t1.pxr.incident.events.v1');
    expect(deadLetterTopicOf(topicsWithPrefix('t1.').contactEvents.name)).toBe(
      't1.pxr.contact.events.v1.dlq',
    );
  });
});
