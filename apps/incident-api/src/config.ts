import { join } from 'node:path';
import { z } from 'zod';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

// Beside src/ in the repository, and beside the compiled src/ in dist/ (scripts/copy-assets.js).
const DEFAULT_ALERTMANAGER_MAPPING = join(__dirname, '..', 'config', 'alertmanager-mapping.json');
const unsetWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

const schema = z.object({
  ...databaseConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  ALERTMANAGER_MAPPING_FILE: z.string().min(1).default(DEFAULT_ALERTMANAGER_MAPPING),
  /** When set, the Alertmanager webhook requires `Authorization: Bearer <this>`. */
  ALERTMANAGER_WEBHOOK_TOKEN: z.preprocess(unsetWhenEmpty, z.string().min(16).optional()),
  HTTP_HOST: z.string().default('127.0.0.1'),
  INCIDENT_API_PORT: portSchema.default(3000),
  /** Where the events this API produces say they come from: half of their idempotency key. */
  INCIDENT_API_SOURCE: z.string().min(1).default('pxr://incident-api'),
});

export type IncidentApiConfig = z.infer<typeof schema>;

export function loadIncidentApiConfig(env: NodeJS.ProcessEnv = process.env): IncidentApiConfig {
  return readConfig(schema, env);
}
