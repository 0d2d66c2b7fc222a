import { randomBytes } from 'node:crypto';
import { SIMULATOR_DEFAULT_ACCOUNT_SID, scheduleStep, type SimulatorContext } from './context';
import type { MessageStatus, StoredMessage } from './message-store';
import type { OptOutType } from './opt-outs';
import { twilioWebhook, type WebhookOutcome } from './webhooks';

/** Numbers ending like this are accepted and then reported undelivered (30003). */
export const UNDELIVERABLE_SUFFIX = '0000000';

export interface InboundSms {
  from: string;
  to: string;
  body: string;
  /** Overrides the configured inbound SMS URL for this message. */
  url?: string;
}

export interface InboundSmsResult extends Partial<WebhookOutcome> {
  messageSid: string;
  optOutType?: OptOutType;
  delivered: boolean;
}

/** What happens to an SMS after the 201: status transitions and signed StatusCallbacks. */
export class TwilioLifecycle {
  constructor(private readonly ctx: SimulatorContext) {}

  start(index: number): void {
    const { store, config, dispatcher } = this.ctx;
    const undeliverable = store.recipientOf(index).endsWith(UNDELIVERABLE_SUFFIX);
    const finalStatus: MessageStatus = undeliverable ? 'undelivered' : 'delivered';
    const finalError = undeliverable ? 30003 : null;
    if (!config.webhooks) {
      store.setStatus(index, finalStatus, finalError);
      return;
    }
    const message = store.get(index);
    const url = message.correlationRaw || config.twilioStatusCallbackUrl;
    const generation = store.generation;
    const step = (status: MessageStatus, errorCode: number | null, next?: () => void): void => {
      if (store.generation !== generation) return;
      store.setStatus(index, status, errorCode);
      const advance = next && (() => scheduleStep(this.ctx, next));
      if (!url) return advance?.();
      const params = statusParams(message, status, errorCode);
      // 'delivered' waits until 'sent' was delivered or given up, so a receiver sees them in order.
      dispatcher.send(twilioWebhook(config.authToken, url, params), advance);
    };
    step('sent', null, () => step(finalStatus, finalError));
  }

  /** Applies opt-out keywords first (as Twilio does at the carrier edge), then posts the webhook. */
  inbound(sms: InboundSms): Promise<InboundSmsResult> {
    const { config, optOuts, dispatcher } = this.ctx;
    const optOutType = optOuts.applyInbound(sms.from, sms.body);
    const messageSid = 'SM' + randomBytes(16).toString('hex');
    const url = sms.url ?? config.inboundSmsUrl;
    if (!url) {
      return Promise.resolve({
        messageSid,
        optOutType,
        delivered: false,
        error: 'no inbound SMS URL configured',
      });
    }
    const params: Record<string, string> = {
      ToCountry: 'US',
      SmsMessageSid: messageSid,
      NumMedia: '0',
      SmsSid: messageSid,
      SmsStatus: 'received',
      Body: sms.body,
      To: sms.to,
      NumSegments: '1',
      MessageSid: messageSid,
      AccountSid: config.accountSid ?? SIMULATOR_DEFAULT_ACCOUNT_SID,
      From: sms.from,
      ApiVersion: '2010-04-01',
    };
    if (optOutType) params.OptOutType = optOutType;
    return new Promise((resolve) =>
      dispatcher.send(twilioWebhook(config.authToken, url, params), (outcome) =>
        resolve({ messageSid, optOutType, ...outcome }),
      ),
    );
  }
}

function statusParams(
  m: StoredMessage,
  status: MessageStatus,
  errorCode: number | null,
): Record<string, string> {
  const params: Record<string, string> = {
    SmsSid: m.id,
    SmsStatus: status,
    MessageStatus: status,
    To: m.to,
    MessageSid: m.id,
    AccountSid: m.account ?? SIMULATOR_DEFAULT_ACCOUNT_SID,
    From: m.from,
    ApiVersion: '2010-04-01',
  };
  if (m.extra?.messagingServiceSid) params.MessagingServiceSid = m.extra.messagingServiceSid;
  if (errorCode !== null) params.ErrorCode = String(errorCode);
  return params;
}
