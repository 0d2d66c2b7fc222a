import { z } from 'zod';
import { readConfig } from '@pxr/observability';
import { findDefaultPolicyFile } from './compensation-policy-file';

const schema = z.object({
  /** The goodwill policy file; defaults to config/compensation-policy.v1.json in the repository. */
  COMPENSATION_POLICY_FILE: z
    .string()
    .min(1)
    .optional()
    .transform((path, context) => {
      const resolved = path ?? findDefaultPolicyFile();
      if (resolved !== undefined) return resolved;
      context.addIssue({ code: 'custom', message: 'no policy file found; set it to the policy JSON file' });
      return z.NEVER;
    }),
  /** Affected customers decided per batch, each batch one transaction. */
  RECOVERY_ENGINE_COMPENSATE_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** How often an idle worker looks for resolved incidents still owed decisions. */
  RECOVERY_ENGINE_COMPENSATE_IDLE_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
});

export type CompensationConfig = z.infer<typeof schema>;

export function loadCompensationConfig(env: NodeJS.ProcessEnv = process.env): CompensationConfig {
  return readConfig(schema, env);
}
