import { z } from 'zod';

/**
 * Commands from the recovery engine to the notifier (`pxr.notification.commands.v1`, keyed by customer)
 * and the notifier's reports back (`pxr.notification.events.v1`). Commands carry the rendered content
 * but no contact details: the notifier reads phone, email and consent from the directory at send time,
 * so a customer who opted out a second ago is not messaged and Kafka holds no contact data.
 */
export const NOTIFICATION_COMMAND_TYPES = { requested: 'pxr.notification.requested' } as const;

export const NOTIFICATION_EVENT_TYPES = {
  sent: 'pxr.notification.sent',
  delivered: 'pxr.notification.delivered',
  failed: 'pxr.notification.failed',
  suppressed: 'pxr.notification.suppressed',
  optedOut: 'pxr.notification.opted-out',
  replyReceived: 'pxr.notification.reply-received',
} as const;

export const channelSchema = z.enum(['sms', 'email']);
export type Channel = z.infer<typeof channelSchema>;

export const noticeKindSchema = z.enum([
  'first-notice',
  'update',
  'no-news-update',
  'resolution',
  'all-clear',
  'goodwill',
]);
export type NoticeKind = z.infer<typeof noticeKindSchema>;

const smsContentSchema = z.object({ body: z.string().min(1).max(1600) }).strict();
const emailContentSchema = z
  .object({
    subject: z.string().min(1).max(200),
    text: z.string().min(1).max(20000),
    html: z.string().min(1).max(100000),
  })
  .strict();

export const notificationRequestedSchema = z
  .object({
    /** The idempotency key: one per message, unique in Postgres, derived so a replan yields the same key. */
    messageId: z.string().min(1).max(200),
    customerId: z.string().min(1).max(100),
    incidentIds: z.array(z.string().min(1).max(100)).min(1).max(50),
    kind: noticeKindSchema,
    channel: channelSchema,
    /** Tried when the first channel is unusable (no consent, no detail) or fails permanently. */
    fallbackChannel: channelSchema.optional(),
    locale: z.string().min(2).max(35),
    content: z.object({ sms: smsContentSchema.optional(), email: emailContentSchema.optional() }).strict(),
    /** Not to be sent before this instant (quiet hours in the customer's own time zone). */
    notBefore: z.iso.datetime({ offset: true }).optional(),
    plannedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type NotificationRequested = z.infer<typeof notificationRequestedSchema>;

export const NOTIFICATION_COMMAND_SCHEMAS: Readonly<Record<string, z.ZodType<NotificationRequested>>> = {
  [NOTIFICATION_COMMAND_TYPES.requested]: notificationRequestedSchema,
};

export const notificationOutcomeSchema = z
  .object({
    messageId: z.string().min(1).max(200),
    customerId: z.string().min(1).max(100),
    incidentIds: z.array(z.string()).default([]),
    channel: channelSchema.optional(),
    providerMessageId: z.string().max(200).optional(),
    at: z.iso.datetime({ offset: true }),
    /** Machine-readable cause for failed/suppressed, e.g. `twilio-21610`, `no-consent`, `bounce`. */
    reason: z.string().max(200).optional(),
  })
  .strict();

export type NotificationOutcome = z.infer<typeof notificationOutcomeSchema>;
