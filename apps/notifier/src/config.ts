import { z } from 'zod';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

const schema = z.object({
  ...databaseConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  HTTP_HOST: z.string().default('127.0.0.1'),
  NOTIFIER_PORT: portSchema.default(3002),
});

export type NotifierConfig = z.infer<typeof schema>;

export function loadNotifierConfig(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  return readConfig(schema, env);
}
