import type { EntityManager } from 'typeorm';
import {
  Channel,
  CloudEvent,
  newCloudEvent,
  NOTIFICATION_EVENT_TYPES,
  NotificationOutcome,
} from '@pxr/contracts';
import { appendToOutbox, type MessageState } from '@pxr/persistence';

export const NOTIFIER_SOURCE = 'urn:pxr:notifier';

export type OutcomeKind = keyof typeof NOTIFICATION_EVENT_TYPES;

/** What an outcome is about: a message, or (for consent and replies) a customer and their last message. */
export interface OutcomeSubject {
  readonly messageId: string;
  readonly customerId: string;
  readonly incidentIds: readonly string[];
}

export interface Outcome {
  readonly kind: OutcomeKind;
  readonly subject: OutcomeSubject;
  readonly channel?: Channel;
  readonly providerMessageId?: string;
  readonly reason?: string;
  readonly at: Date;
  /** Derived from what happened, so recording the same fact twice yields one event (outbox unique key). */
  readonly eventId: string;
}

/** Event ids: one per fact. A message is sent and delivered at most once per channel. */
export const outcomeIds = {
  sent: (messageId: string, channel: Channel) => `${messageId}:${channel}:sent`,
  delivered: (messageId: string, channel: Channel) => `${messageId}:${channel}:delivered`,
  failed: (messageId: string) => `${messageId}:failed`,
  suppressed: (messageId: string) => `${messageId}:suppressed`,
  optedOut: (customerId: string, channel: Channel, at: Date) =>
    `consent:${customerId}:${channel}:${at.getTime()}`,
  replyReceived: (channel: Channel, providerRef: string, customerId: string) =>
    `reply:${channel}:${providerRef}:${customerId}`,
};

/** A message the provider has accepted. */
export function outcomeOfSent(
  message: OutcomeSubject & { readonly channel: Channel },
  providerMessageId: string | undefined,
  at: Date,
): Outcome {
  return {
    kind: 'sent',
    eventId: outcomeIds.sent(message.messageId, message.channel),
    subject: message,
    channel: message.channel,
    providerMessageId,
    at,
  };
}

/** A message delivered; one we had not recorded as sent was, so that is said first. */
export function outcomesOfDelivery(
  before: MessageState,
  delivered: OutcomeSubject & { readonly channel: Channel; readonly providerMessageId?: string },
  at: Date,
): Outcome[] {
  const id = delivered.providerMessageId;
  return [
    ...(before === 'sent' ? [] : [outcomeOfSent(delivered, id, at)]),
    {
      kind: 'delivered',
      eventId: outcomeIds.delivered(delivered.messageId, delivered.channel),
      subject: delivered,
      channel: delivered.channel,
      providerMessageId: id,
      at,
    },
  ];
}

export function outcomeEvent(outcome: Outcome): CloudEvent<NotificationOutcome> {
  const { subject } = outcome;
  return newCloudEvent<NotificationOutcome>({
    id: outcome.eventId,
    source: NOTIFIER_SOURCE,
    type: NOTIFICATION_EVENT_TYPES[outcome.kind],
    time: outcome.at,
    subject: subject.customerId,
    data: {
      messageId: subject.messageId,
      customerId: subject.customerId,
      incidentIds: [...subject.incidentIds],
      ...(outcome.channel === undefined ? {} : { channel: outcome.channel }),
      ...(outcome.providerMessageId === undefined ? {} : { providerMessageId: outcome.providerMessageId }),
      at: outcome.at.toISOString(),
      ...(outcome.reason === undefined ? {} : { reason: outcome.reason.slice(0, 200) }),
    },
  });
}

/** Outcome events go out through the outbox, in the transaction that changed the message. */
export function appendOutcomes(
  manager: EntityManager,
  topic: string,
  outcomes: readonly Outcome[],
): Promise<void> {
  return appendToOutbox(
    manager,
    outcomes.map((outcome) => ({ topic, key: outcome.subject.customerId, event: outcomeEvent(outcome) })),
  );
}
