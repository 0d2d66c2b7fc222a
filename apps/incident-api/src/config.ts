import { join } from 'node:path';
import { z } from 'zod';
import { accessConfigSchema } from '@pxr/access';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema } from '@pxr/persistence';

// Beside src/ in the repository, and beside the compiled src/ in dist/ (scripts/copy-assets.js).
const DEFAULT_ALERTMANAGER_MAPPING = join(__dirname, '..', 'config', 'alertmanager-mapping.json');

const schema = z.object({
  ...accessConfigSchema.shape,
  ...databaseConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  ALERTMANAGER_MAPPING_FILE: z.string().min(1).default(DEFAULT_ALERTMANAGER_MAPPING),
  HTTP_HOST: z.string().default('127.0.0.1'),
  INCIDENT_API_PORT: portSchema.default(3000),
  /** Where the events this API produces say they come from: half of their idempotency key. */
  INCIDENT_API_SOURCE: z.string().min(1).default('pxr://incident-api'),
});

export type IncidentApiConfig = z.infer<typeof schema>;

export function loadIncidentApiConfig(env: NodeJS.ProcessEnv = process.env): IncidentApiConfig {
  return readConfig(schema, env);
}
