import { z } from 'zod';

export const commitmentConfigSchema = z.object({
  RECOVERY_ENGINE_COMMITMENT_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Fire this long before a commitment is due, so the update can reach customers by then. */
  RECOVERY_ENGINE_COMMITMENT_LEAD_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Wait this long past due before calling a fired commitment broken: its update may still be committing. */
  RECOVERY_ENGINE_COMMITMENT_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
});

export type CommitmentConfig = z.infer<typeof commitmentConfigSchema>;
