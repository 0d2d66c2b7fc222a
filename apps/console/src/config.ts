import { z } from 'zod';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

const schema = z.object({
  ...databaseConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  HTTP_HOST: z.string().default('127.0.0.1'),
  CONSOLE_PORT: portSchema.default(3001),
  /** How often the live dashboard stream re-reads the incident list. */
  CONSOLE_LIVE_INTERVAL_MS: z.coerce.number().int().min(200).max(60000).default(2000),
});

export type ConsoleConfig = z.infer<typeof schema>;

export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  return readConfig(schema, env);
}
