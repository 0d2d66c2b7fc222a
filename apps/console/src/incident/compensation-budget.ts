import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '@pxr/observability';

/** What the console shows of the goodwill policy: the engine validates the rest of the file. */
export interface CompensationBudget {
  readonly policyVersion: string;
  readonly currency: string;
  readonly perIncidentMinor: number;
}

const budgetOfPolicy = z.object({
  version: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/),
  budget: z.object({ perIncidentMinor: z.number().int().nonnegative() }),
});

export function parseCompensationBudget(text: string, origin: string): CompensationBudget {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${origin}: not valid JSON (${(error as Error).message})`]);
  }
  const parsed = budgetOfPolicy.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${origin}: ${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return {
    policyVersion: parsed.data.version,
    currency: parsed.data.currency,
    perIncidentMinor: parsed.data.budget.perIncidentMinor,
  };
}

const DEFAULT_POLICY_FILE = join('config', 'compensation-policy.v1.json');

/**
 * The configured policy file, or the repository's (found upwards from here, from sources and dist
 * alike); undefined when there is none, and the incident page then shows spending without a budget.
 */
export function loadCompensationBudget(
  path: string | undefined,
  from = __dirname,
): CompensationBudget | undefined {
  const file = path ?? findUpwards(from, DEFAULT_POLICY_FILE);
  if (file === undefined) return undefined;
  const origin = `COMPENSATION_POLICY_FILE ${file}`;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`${origin}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  return parseCompensationBudget(text, origin);
}

function findUpwards(from: string, relative: string): string | undefined {
  for (let folder = from; ; folder = dirname(folder)) {
    const candidate = join(folder, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(folder) === folder) return undefined;
  }
}
