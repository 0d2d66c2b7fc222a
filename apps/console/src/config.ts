import { z } from 'zod';
import { accessConfigSchema } from '@pxr/access';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

const schema = z.object({
  ...accessConfigSchema.shape,
  ...databaseConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  /** The goodwill policy the engine applies; the console shows its per-incident budget. */
  COMPENSATION_POLICY_FILE: z.string().min(1).optional(),
  HTTP_HOST: z.string().default('127.0.0.1'),
  CONSOLE_PORT: portSchema.default(3001),
  /** How often the live views re-read what they show. */
  CONSOLE_LIVE_INTERVAL_MS: z.coerce.number().int().min(200).max(60000).default(2000),
});

export type ConsoleConfig = z.infer<typeof schema>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return readConfig(schema, env);
}
