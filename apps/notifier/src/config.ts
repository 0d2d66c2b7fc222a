import { z } from 'zod';
import { accessConfigSchema } from '@pxr/access';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

const positiveInt = (fallback: number, max = 1_000_000) =>
  z.coerce.number().int().min(1).max(max).default(fallback);
const rate = (fallback: number) => z.coerce.number().positive().max(100_000).default(fallback);
const optionalUrl = z
  .url({ protocol: /^https?$/ })
  .optional()
  .or(z.literal('').transform(() => undefined));
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

// Kept sorted; every variable is read here and nowhere else.
const schema = z
  .object({
    ...accessConfigSchema.shape,
    ...databaseConfigSchema.shape,
    ...kafkaConfigSchema.shape,
    HTTP_HOST: z.string().default('127.0.0.1'),
    NOTIFIER_CHUNK_SIZE: positiveInt(200, 5000),
    NOTIFIER_GROUP_ID: z.string().min(1).default('pxr-notifier'),
    /** Attempts at a provider per message, counting every channel, before it is given up as failed. */
    NOTIFIER_MAX_ATTEMPTS: positiveInt(10, 100),
    NOTIFIER_PORT: portSchema.default(3002),
    /** Provider calls that take longer are abandoned (and their fate reconciled). */
    NOTIFIER_PROVIDER_TIMEOUT_MS: positiveInt(15_000, 120_000),
    /** Where providers reach us; the exact base of the URLs Twilio signs. Default http://127.0.0.1:<port>. */
    NOTIFIER_PUBLIC_URL: optionalUrl,
    NOTIFIER_RETRY_BASE_MS: positiveInt(1000, 600_000),
    NOTIFIER_RETRY_MAX_MS: positiveInt(300_000, 3_600_000),
    NOTIFIER_SEND_CONCURRENCY: positiveInt(8, 256),
    /** A send still marked `sending` after this long, by a live notifier, is treated as of unknown fate. */
    NOTIFIER_SENDING_TIMEOUT_MS: positiveInt(120_000, 3_600_000),
    /**
     * A sent message heard nothing of for this long is looked up at its provider: a status callback posted
     * while the notifier was down is lost for good (Twilio does not retry them).
     */
    NOTIFIER_SILENCE_BEFORE_ASKING_MS: positiveInt(1_800_000, 86_400_000),
    NOTIFIER_SWEEP_INTERVAL_MS: positiveInt(1000, 600_000),
    /** HMAC key of unsubscribe links; required with real providers, a fixed development key otherwise. */
    NOTIFIER_UNSUBSCRIBE_SECRET: optionalText.pipe(z.string().min(32).optional()),
    /** Defaults keep up with the send rates: every message sent brings its delivery reports back. */
    NOTIFIER_WEBHOOK_BURST: z.coerce.number().int().positive().max(100_000).optional(),
    NOTIFIER_WEBHOOK_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).optional(),
    /** How long the Email Activity feed may lag a send; lookups wait at least this long. */
    SENDGRID_ACTIVITY_LAG_MS: z.coerce.number().int().min(0).max(3_600_000).default(0),
    SENDGRID_API_BASE_URL: optionalUrl,
    SENDGRID_API_KEY: z.string().startsWith('SG.', 'must be a SendGrid API key (SG.…)'),
    SENDGRID_FROM: z.email(),
    /** Basic-auth password in the Inbound Parse URL; without it email replies are refused. */
    SENDGRID_INBOUND_PARSE_PASSWORD: optionalText.pipe(z.string().min(16).optional()),
    SENDGRID_RATE_PER_SECOND: rate(50),
    SENDGRID_REPLY_TO: z.email(),
    /** Base64 DER public key of the Signed Event Webhook (SendGrid console → Mail Settings). */
    SENDGRID_WEBHOOK_PUBLIC_KEY: optionalText,
    TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits'),
    TWILIO_API_BASE_URL: optionalUrl,
    TWILIO_AUTH_TOKEN: z.string().min(1),
    TWILIO_FROM: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number'),
    TWILIO_RATE_PER_SECOND: rate(10),
  })
  .superRefine((config, context) => {
    // With a base URL set we talk to the simulator (or a test double), where development keys are fine.
    if (config.SENDGRID_API_BASE_URL === undefined && config.SENDGRID_WEBHOOK_PUBLIC_KEY === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['SENDGRID_WEBHOOK_PUBLIC_KEY'],
        message: 'required with the real SendGrid API, to verify signed events',
      });
    }
    const real = config.SENDGRID_API_BASE_URL === undefined || config.TWILIO_API_BASE_URL === undefined;
    if (real && config.NOTIFIER_UNSUBSCRIBE_SECRET === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['NOTIFIER_UNSUBSCRIBE_SECRET'],
        message: 'required with real providers (at least 32 characters)',
      });
    }
    if (config.NOTIFIER_SENDING_TIMEOUT_MS <= config.NOTIFIER_PROVIDER_TIMEOUT_MS) {
      context.addIssue({
        code: 'custom',
        path: ['NOTIFIER_SENDING_TIMEOUT_MS'],
        message: 'must exceed NOTIFIER_PROVIDER_TIMEOUT_MS, or a send still in flight could be repeated',
      });
    }
    if (config.NOTIFIER_SILENCE_BEFORE_ASKING_MS < config.SENDGRID_ACTIVITY_LAG_MS) {
      context.addIssue({
        code: 'custom',
        path: ['NOTIFIER_SILENCE_BEFORE_ASKING_MS'],
        message: 'must be at least SENDGRID_ACTIVITY_LAG_MS, or the activity feed may not show the email yet',
      });
    }
  })
  .transform((config) => {
    // A provider sends a message's reports (sent, delivered, opened…) soon after it accepts it, and
    // retries a refused one only briefly, if at all: a limit below the send rate would lose reports.
    const rate =
      config.NOTIFIER_WEBHOOK_RATE_PER_SECOND ??
      Math.min(100_000, Math.max(200, 4 * (config.TWILIO_RATE_PER_SECOND + config.SENDGRID_RATE_PER_SECOND)));
    return {
      ...config,
      NOTIFIER_WEBHOOK_RATE_PER_SECOND: rate,
      NOTIFIER_WEBHOOK_BURST:
        config.NOTIFIER_WEBHOOK_BURST ?? Math.min(100_000, Math.max(400, Math.ceil(2 * rate))),
    };
  });

export type NotifierConfig = z.infer<typeof schema> & {
  readonly publicUrl: string;
  readonly unsubscribeSecret: string;
};

const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'pxr-development-unsubscribe-secret-not-for-production';

export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  const config = readConfig(schema, env);
  return {
    ...config,
    publicUrl: (config.NOTIFIER_PUBLIC_URL ?? `http://127.0.0.1:${config.NOTIFIER_PORT}`).replace(/\/+$/, ''),
    unsubscribeSecret: config.NOTIFIER_UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET,
  };
}

/** True when sends go to a stand-in rather than Twilio and SendGrid themselves. */
export function usesSimulator(config: NotifierConfig): boolean {
  return config.TWILIO_API_BASE_URL !== undefined && config.SENDGRID_API_BASE_URL !== undefined;
}
