import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { severitySchema } from '@pxr/contracts';
import { ConfigError } from '@pxr/observability';

const names = z.array(z.string().trim().min(1).max(100)).max(20);

/** The declarative file that says which alert labels and annotations become which incident fields. */
export const alertmanagerMappingSchema = z
  .object({
    $comment: z.string().optional(),
    scope: z
      .object({
        services: names.default([]),
        regions: names.default([]),
        postcodePrefixes: names.default([]),
        customerIds: names.default([]),
      })
      .strict(),
    severity: z
      .object({
        labels: names.min(1),
        // Label values are lower-cased before lookup, so a key with capitals could never match.
        values: z.record(z.string().regex(/^[^A-Z]+$/, 'write label values in lower case'), severitySchema),
        default: severitySchema,
      })
      .strict(),
    title: z
      .object({
        annotations: names.default([]),
        labels: names.default([]),
        default: z.string().trim().min(1).max(200),
      })
      .strict(),
    customerImpact: z
      .object({ annotations: names.default([]) })
      .strict()
      .default({ annotations: [] }),
  })
  .strict();

export type AlertmanagerMapping = z.infer<typeof alertmanagerMappingSchema>;

/** Parses the file's text; every problem is named with its path so one edit fixes them all. */
export function parseAlertmanagerMapping(text: string, origin: string): AlertmanagerMapping {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${origin}: not valid JSON (${(error as Error).message})`]);
  }
  const parsed = alertmanagerMappingSchema.safeParse(json);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => `${origin}: ${issue.path.join('.') || '(root)'}: ${explain(issue)}`),
  );
}

/** zod hides why a record key was refused one level down; the reader needs that reason. */
function explain(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_key') return issue.message;
  return `${issue.message} (${issue.issues.map((inner) => inner.message).join('; ')})`;
}

export function loadAlertmanagerMapping(path: string): AlertmanagerMapping {
  const origin = `ALERTMANAGER_MAPPING_FILE ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`${origin}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  return parseAlertmanagerMapping(text, origin);
}
