import twilio from 'twilio';

export interface TwilioSettings {
  readonly accountSid: string;
  readonly authToken: string;
  /** Our sender number; also the marker that tells our messages from others in a lookup. */
  readonly from: string;
  /** The provider simulator, or unset for Twilio itself. */
  readonly apiBaseUrl?: string;
  readonly timeoutMs: number;
}

/**
 * One SDK client per process. twilio@6 caches one Api domain per client and joins `baseUrl` with every
 * resource path (next-page links included), so setting it once redirects the whole Messages API.
 */
export function createTwilioClient(settings: TwilioSettings): twilio.Twilio {
  // The SDK's own 429 retry is off: our send loop owns retries, backoff and the rate limit.
  const client = twilio(settings.accountSid, settings.authToken, {
    timeout: settings.timeoutMs,
    autoRetry: false,
    keepAlive: true,
  });
  if (settings.apiBaseUrl !== undefined) client.api.baseUrl = settings.apiBaseUrl.replace(/\/+$/, '');
  return client;
}
