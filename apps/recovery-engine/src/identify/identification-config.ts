import { z } from 'zod';

export const identificationConfigSchema = z.object({
  /** Customers examined per batch, each batch one statement and one transaction. */
  RECOVERY_ENGINE_IDENTIFY_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(5000),
  /** How often an idle worker looks for new identification jobs. */
  RECOVERY_ENGINE_IDENTIFY_IDLE_MS: z.coerce.number().int().min(10).max(60_000).default(500),
});

export type IdentificationConfig = z.infer<typeof identificationConfigSchema>;
