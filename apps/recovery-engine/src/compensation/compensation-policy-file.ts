import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { checkCompensationPolicy, CompensationPolicy, MONETARY_GESTURE_KINDS } from '@pxr/domain';
import { ConfigError } from '@pxr/observability';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and - only; at most 64 characters');
const tier = z.string().regex(/^[a-z0-9][a-z0-9 _-]{0,49}$/, 'lower case, as the directory stores tiers');
const minor = z.number().int().nonnegative().max(100_000_000);
const count = z.number().int().nonnegative().max(1_000_000);
const reason = z.string().trim().min(1).max(300);

const conditionSchema = z
  .object({
    severities: z
      .array(z.enum(['minor', 'major', 'critical']))
      .min(1)
      .optional(),
    services: z.array(z.string().trim().min(1).max(100)).min(1).optional(),
    tiers: z.array(tier).min(1).optional(),
    minAffectedMinutes: count.optional(),
    maxAffectedMinutes: count.optional(),
    minTenureMonths: count.optional(),
    maxTenureMonths: count.optional(),
    minTimesAffected: count.optional(),
    maxTimesAffected: count.optional(),
  })
  .strict();

const outcomeSchema = z.discriminatedUnion('give', [
  z.object({ give: z.enum(MONETARY_GESTURE_KINDS), amountMinor: minor.min(1) }).strict(),
  z.object({ give: z.literal('priority-callback') }).strict(),
  z.object({ give: z.literal('nothing'), reason }).strict(),
]);

/** The policy file's shape; what a schema cannot see is checked by the domain's checkCompensationPolicy. */
export const compensationPolicySchema = z
  .object({
    $comment: z.string().optional(),
    version: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'letters, digits, . _ - only'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as GBP'),
    tiers: z.array(tier).max(20),
    repeatImpact: z
      .object({ times: z.number().int().min(2).max(100), withinDays: z.number().int().min(1).max(3650) })
      .strict(),
    approval: z.object({ aboveMinor: minor }).strict(),
    caps: z
      .object({
        perIncidentMinor: minor,
        perCustomer: z.object({ maxMinor: minor, withinDays: z.number().int().min(1).max(3650) }).strict(),
      })
      .strict(),
    budget: z.object({ perIncidentMinor: minor }).strict(),
    rules: z
      .array(z.object({ id, description: reason, when: conditionSchema, then: outcomeSchema }).strict())
      .max(500),
    otherwise: z.object({ reason }).strict(),
  })
  .strict();

/** Parses the file's text; every problem is named with its path so one edit fixes them all. */
export function parseCompensationPolicy(text: string, origin: string): CompensationPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${origin}: not valid JSON (${(error as Error).message})`]);
  }
  const parsed = compensationPolicySchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${origin}: ${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const { $comment: _comment, ...policy } = parsed.data;
  const problems = checkCompensationPolicy(policy);
  if (problems.length > 0) throw new ConfigError(problems.map((problem) => `${origin}: ${problem}`));
  return policy;
}

export function loadCompensationPolicy(path: string): CompensationPolicy {
  const origin = `COMPENSATION_POLICY_FILE ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${origin}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  return parseCompensationPolicy(text, origin);
}

export const DEFAULT_POLICY_FILE = join('config', 'compensation-policy.v1.json');

/**
 * The repository's policy file, found from this file upwards, so the default works from the sources
 * (tests) and from dist alike; undefined when there is no repository around (set the variable then).
 */
export function findDefaultPolicyFile(from = __dirname): string | undefined {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, DEFAULT_POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}
