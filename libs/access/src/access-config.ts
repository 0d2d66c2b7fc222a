import { z } from 'zod';

export const accessConfigSchema = z.object({
  /** Accepted as an admin key when set; for first start-up and automation, never stored. */
  PXR_BOOTSTRAP_ADMIN_KEY: z.string().min(24, 'must be at least 24 characters').optional(),
  OIDC_JWKS_URL: z.url().optional(),
  OIDC_ISSUER: z.string().min(1).optional(),
  OIDC_AUDIENCE: z.string().min(1).optional(),
  /** The token claim that lists PXR roles. */
  OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
  /** `/metrics` is open by default, as Prometheus expects; set true to require a key (any role). */
  METRICS_REQUIRE_AUTH: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

export type AccessConfig = z.infer<typeof accessConfigSchema>;
