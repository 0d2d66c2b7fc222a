import { z } from 'zod';

/**
 * Prometheus Alertmanager's webhook body, version "4". Not strict: Alertmanager adds fields between
 * releases, and refusing them would stop incident intake on an Alertmanager upgrade.
 */
const labelSet = z.record(z.string(), z.string());
const instant = z.iso.datetime({ offset: true });
const alertStatus = z.enum(['firing', 'resolved']);

export const alertSchema = z.object({
  status: alertStatus,
  labels: labelSet,
  annotations: labelSet.default({}),
  startsAt: instant,
  // Alertmanager sends 0001-01-01T00:00:00Z for an alert that has not ended.
  endsAt: instant.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
});

export const alertmanagerWebhookSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1).max(10_000),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: alertStatus,
  receiver: z.string(),
  groupLabels: labelSet.default({}),
  commonLabels: labelSet.default({}),
  commonAnnotations: labelSet.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(alertSchema).min(1).max(10_000),
});

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhookSchema>;
export type AlertmanagerAlert = z.infer<typeof alertSchema>;
