import {
  createSendGridClients,
  createTwilioClient,
  SendGridEmailSender,
  SendGridMessageLookup,
  TwilioMessageLookup,
  TwilioSmsSender,
} from '@pxr/channels';
import type { NotifierConfig } from './config';
import type { NotifierMetrics } from './metrics';
import { ProviderGateway } from './sending/provider-gateway';

/** The real SDKs, pointed at Twilio and SendGrid, or at the simulator when a base URL says so. */
export function buildProviderGateway(config: NotifierConfig, metrics: NotifierMetrics): ProviderGateway {
  const timeoutMs = config.NOTIFIER_PROVIDER_TIMEOUT_MS;
  const twilio = createTwilioClient({
    accountSid: config.TWILIO_ACCOUNT_SID,
    authToken: config.TWILIO_AUTH_TOKEN,
    from: config.TWILIO_FROM,
    apiBaseUrl: config.TWILIO_API_BASE_URL,
    timeoutMs,
  });
  const sendgrid = createSendGridClients({
    apiKey: config.SENDGRID_API_KEY,
    from: config.SENDGRID_FROM,
    replyTo: config.SENDGRID_REPLY_TO,
    apiBaseUrl: config.SENDGRID_API_BASE_URL,
    timeoutMs,
  });
  return new ProviderGateway(
    new TwilioSmsSender(twilio, config.TWILIO_FROM),
    new SendGridEmailSender(sendgrid.mail, config.SENDGRID_FROM, config.SENDGRID_REPLY_TO),
    {
      sms: new TwilioMessageLookup(twilio, config.TWILIO_FROM),
      email: new SendGridMessageLookup(sendgrid.client),
    },
    { publicUrl: config.publicUrl, unsubscribeSecret: config.unsubscribeSecret },
    metrics,
  );
}
