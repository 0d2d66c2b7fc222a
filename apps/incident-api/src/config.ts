import { z } from 'zod';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

const schema = z.object({
  ...databaseConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  HTTP_HOST: z.string().default('127.0.0.1'),
  INCIDENT_API_PORT: portSchema.default(3000),
  /** Where the events this API produces say they come from: half of their idempotency key. */
  INCIDENT_API_SOURCE: z.string().min(1).default('pxr://incident-api'),
});

export type IncidentApiConfig = z.infer<typeof schema>;

export function loadIncidentApiConfig(env: NodeJS.ProcessEnv = process.env): IncidentApiConfig {
  return readConfig(schema, env);
}
