import {
  IncidentFacts,
  noticeToRender,
  renderNotice,
  RenderedNotice,
  SenderDetails,
  toNotificationContent,
} from '@pxr/channels';
import {
  CloudEvent,
  newCloudEvent,
  NOTIFICATION_COMMAND_TYPES,
  NotificationRequested,
  notificationRequestedSchema,
} from '@pxr/contracts';
import { PlannedNotice } from '@pxr/domain';
import { CustomerReach, IssuedNotice } from '@pxr/persistence';
import { RECOVERY_ENGINE_SOURCE } from '../commitments/commitment-due-event';
import { CustomerPlan } from './plan-batch';

export interface IssueContext {
  readonly incidents: ReadonlyMap<string, IncidentFacts>;
  readonly sender: SenderDetails;
  /** The customer's unsubscribe token, for the link in the email. */
  readonly tokenFor: (customerId: string) => string;
  /** The notification commands topic, with this engine's prefix. */
  readonly topic: string;
  readonly jobId?: string;
  readonly now: Date;
}

export interface IssuedBatch {
  readonly notices: readonly IssuedNotice[];
  readonly commands: ReadonlyArray<{ topic: string; key: string; event: CloudEvent<NotificationRequested> }>;
  /** Planned notices whose rendering the command contract refused (e.g. a subject too long). */
  readonly unrenderable: number;
}

// Stands in for the customer's token while rendering, so one rendering serves every customer alike;
// letters only, so URL encoding and HTML escaping leave it as it is.
const TOKEN_PLACEHOLDER = 'PXRUNSUBSCRIBETOKENPLACEHOLDER';

/**
 * Renders each planned notice and builds its command. Rendering costs milliseconds, and customers of
 * one batch mostly read the same words at the same time, so each distinct wording is rendered once.
 */
export function issueNotices(plans: readonly CustomerPlan[], context: IssueContext): IssuedBatch {
  const renderings = new Map<string, RenderedNotice | null>();
  const notices: IssuedNotice[] = [];
  const commands: Array<{ topic: string; key: string; event: CloudEvent<NotificationRequested> }> = [];
  let unrenderable = 0;
  for (const { customer, plan } of plans) {
    for (const planned of plan.notices) {
      const key = renderingKey(planned, customer);
      const rendered = renderings.has(key) ? renderings.get(key)! : render(planned, customer, context);
      renderings.set(key, rendered);
      if (rendered === null) {
        unrenderable += 1;
        continue;
      }
      const content = withToken(toNotificationContent(rendered), context.tokenFor(customer.customerId));
      const data = commandData(planned, rendered.locale, content);
      if (!notificationRequestedSchema.safeParse(data).success) {
        unrenderable += 1;
        continue;
      }
      notices.push({
        messageId: planned.idempotencyKey,
        customerId: planned.customerId,
        kind: planned.kind,
        channel: planned.channel,
        fallbackChannel: planned.fallbackChannel,
        incidentIds: planned.incidentIds,
        parts: planned.parts,
        locale: rendered.locale,
        preview: content.sms?.body ?? '',
        plannedAt: planned.plannedAt,
        notBefore: planned.notBefore,
        jobId: context.jobId,
      });
      commands.push({
        topic: context.topic,
        key: planned.customerId,
        event: commandEvent(data, context.now),
      });
    }
  }
  return { notices, commands, unrenderable };
}

/** Null when the templates cannot say it (a planner/template mismatch): counted, never retried forever. */
function render(
  planned: PlannedNotice,
  customer: CustomerReach,
  context: IssueContext,
): RenderedNotice | null {
  try {
    return renderNotice(
      noticeToRender(planned, context.incidents),
      { locale: customer.locale, timeZone: customer.timeZone, unsubscribeToken: TOKEN_PLACEHOLDER },
      context.sender,
    );
  } catch {
    return null;
  }
}

/** Everything the words depend on: customers of one batch given different gestures read different words. */
function renderingKey(planned: PlannedNotice, customer: CustomerReach): string {
  return JSON.stringify([
    planned.kind,
    planned.parts.map((part) => [
      part.incidentId,
      part.kind,
      part.changes,
      part.nextUpdateBy?.getTime(),
      part.gesture,
    ]),
    (planned.notBefore ?? planned.plannedAt).getTime(),
    customer.locale,
    customer.timeZone,
  ]);
}

function withToken(
  content: NotificationRequested['content'],
  token: string,
): NotificationRequested['content'] {
  const swap = (text: string) => text.replaceAll(TOKEN_PLACEHOLDER, token);
  return {
    ...(content.sms === undefined ? {} : { sms: { body: swap(content.sms.body) } }),
    ...(content.email === undefined
      ? {}
      : {
          email: {
            subject: swap(content.email.subject),
            text: swap(content.email.text),
            html: swap(content.email.html),
          },
        }),
  };
}

function commandData(
  planned: PlannedNotice,
  locale: string,
  content: NotificationRequested['content'],
): NotificationRequested {
  return {
    messageId: planned.idempotencyKey,
    customerId: planned.customerId,
    incidentIds: [...planned.incidentIds],
    kind: planned.kind,
    channel: planned.channel,
    ...(planned.fallbackChannel === undefined ? {} : { fallbackChannel: planned.fallbackChannel }),
    locale,
    content,
    ...(planned.notBefore === undefined ? {} : { notBefore: planned.notBefore.toISOString() }),
    plannedAt: planned.plannedAt.toISOString(),
  };
}

/** The message id is the event id: a replayed command is the same CloudEvent to every inbox. */
function commandEvent(data: NotificationRequested, now: Date): CloudEvent<NotificationRequested> {
  return newCloudEvent({
    id: data.messageId,
    source: RECOVERY_ENGINE_SOURCE,
    type: NOTIFICATION_COMMAND_TYPES.requested,
    time: now,
    subject: data.customerId,
    data,
  });
}
