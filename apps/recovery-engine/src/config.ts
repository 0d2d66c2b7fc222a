import { z } from 'zod';
import { accessConfigSchema } from '@pxr/access';
import { kafkaConfigSchema } from '@pxr/messaging';
import { portSchema, readConfig } from '@pxr/observability';
import { databaseConfigSchema, retentionConfigSchema } from '@pxr/persistence';
import { commitmentConfigSchema } from './commitments/commitment-config';
import { communicationConfigSchema } from './communicate/communication-config';
import { identificationConfigSchema } from './identify/identification-config';

const schema = z.object({
  ...accessConfigSchema.shape,
  ...databaseConfigSchema.shape,
  ...retentionConfigSchema.shape,
  ...kafkaConfigSchema.shape,
  ...identificationConfigSchema.shape,
  ...commitmentConfigSchema.shape,
  ...communicationConfigSchema.shape,
  HTTP_HOST: z.string().default('127.0.0.1'),
  RECOVERY_ENGINE_PORT: portSchema.default(3003),
  RECOVERY_ENGINE_GROUP_ID: z.string().min(1).default('pxr-recovery-engine'),
  RECOVERY_ENGINE_CHUNK_SIZE: z.coerce.number().int().min(1).max(5000).default(200),
  /** How often the tables are checked for stale planner statistics (and re-analysed if they are). */
  RECOVERY_ENGINE_STATISTICS_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(10_000),
  /** How often the outbox and inbox are looked at for records past their retention. */
  RECOVERY_ENGINE_RETENTION_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
});

export type RecoveryEngineConfig = z.infer<typeof schema>;

export function loadRecoveryEngineConfig(env: NodeJS.ProcessEnv = process.env): RecoveryEngineConfig {
  return readConfig(schema, env);
}
