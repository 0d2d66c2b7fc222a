import { z } from 'zod';
import { SenderDetails } from '@pxr/channels';
import { CommunicationRules, communicationRules, Severity, TimeOfDay } from '@pxr/domain';

const SEVERITIES = ['minor', 'major', 'critical'] as const;
/** Only for development and tests, as in the notifier: with real providers both are given the real secret. */
const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'pxr-development-unsubscribe-secret-not-for-production';

// Kept sorted.
export const communicationConfigSchema = z.object({
  /** The notifier's unsubscribe-link key: links in emails the engine renders must verify there. */
  NOTIFIER_UNSUBSCRIBE_SECRET: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .pipe(z.string().min(32).optional()),
  /** Customers planned per batch, each batch one transaction. */
  RECOVERY_ENGINE_COMMUNICATE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1000),
  RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /**
   * A job waits this long after it was recorded, so incidents raised together (an Alertmanager group, a
   * script) make one notice. It is spent from a first notice's one-second budget, hence short.
   */
  RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: z.coerce.number().int().min(0).max(600_000).default(250),
  /** `max/hours` messages per customer in any window of that many hours, or `off`. */
  RECOVERY_ENGINE_FREQUENCY_CAP: z
    .string()
    .regex(/^(off|[1-9]\d*\/\d+(\.\d+)?)$/, 'must be off or max/hours, e.g. 3/24')
    .default('3/24'),
  RECOVERY_ENGINE_FOLLOW_UP_MINUTES: z.coerce.number().int().min(1).max(10_080).default(120),
  /** `HH:MM-HH:MM` on each customer's own clock, or `off`. */
  RECOVERY_ENGINE_QUIET_HOURS: z
    .string()
    .regex(/^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, 'must be off or HH:MM-HH:MM')
    .default('21:00-08:00'),
  /** Severities whose news may wake customers, comma-separated; empty keeps quiet hours for all. */
  RECOVERY_ENGINE_QUIET_HOURS_OVERRIDE: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== ''),
    )
    .pipe(z.array(z.enum(SEVERITIES))),
  RECOVERY_ENGINE_TEAM_NAME_EN: z.string().min(1).max(80).default('The PXR customer care team'),
  RECOVERY_ENGINE_TEAM_NAME_FR: z.string().min(1).max(80).default("L'équipe du service client PXR"),
  /** The notifier's unsubscribe page; the customer's token is appended. */
  RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:3002/unsubscribe'),
  SENDGRID_FROM: z.email().default('care@pxr.example'),
  SENDGRID_REPLY_TO: z.email().default('care@pxr.example'),
});

export type CommunicationConfig = z.infer<typeof communicationConfigSchema>;

/** The planner's rules from the configuration; the domain checks them, so a bad value fails at boot. */
export function communicationRulesOf(config: CommunicationConfig): CommunicationRules {
  const [start, end] = config.RECOVERY_ENGINE_QUIET_HOURS.split('-') as [TimeOfDay, TimeOfDay];
  const [maxMessages, windowHours] = config.RECOVERY_ENGINE_FREQUENCY_CAP.split('/').map(Number);
  return communicationRules({
    quietHours: config.RECOVERY_ENGINE_QUIET_HOURS === 'off' ? null : { start, end },
    quietHoursOverrideSeverities: config.RECOVERY_ENGINE_QUIET_HOURS_OVERRIDE as Severity[],
    frequencyCap:
      config.RECOVERY_ENGINE_FREQUENCY_CAP === 'off'
        ? null
        : { maxMessages, windowHours, exemptKinds: ['resolution', 'all-clear', 'goodwill'] },
    followUpMinutes: config.RECOVERY_ENGINE_FOLLOW_UP_MINUTES,
  });
}

export function senderOf(config: CommunicationConfig): SenderDetails {
  return {
    teamName: { en: config.RECOVERY_ENGINE_TEAM_NAME_EN, fr: config.RECOVERY_ENGINE_TEAM_NAME_FR },
    fromEmail: config.SENDGRID_FROM,
    replyToEmail: config.SENDGRID_REPLY_TO,
    unsubscribeBaseUrl: config.RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL,
  };
}

export function unsubscribeSecretOf(config: CommunicationConfig): string {
  return config.NOTIFIER_UNSUBSCRIBE_SECRET ?? DEVELOPMENT_UNSUBSCRIBE_SECRET;
}
