import { createHash } from 'node:crypto';
import { z } from 'zod';
import { incidentScopeSchema, severitySchema } from '@pxr/contracts';
import { AlertmanagerMapping } from './alertmanager-mapping';
import { AlertmanagerAlert, AlertmanagerWebhook } from './alertmanager-payload';

/** The incident fields an alert group determines; a notification "changed" when one of these did. */
export const alertIncidentFieldsSchema = z.object({
  title: z.string(),
  severity: severitySchema,
  scope: incidentScopeSchema.required(),
  customerImpact: z.string().nullable(),
});

export type AlertIncidentFields = z.infer<typeof alertIncidentFieldsSchema>;
export type AlertIncidentField = keyof AlertIncidentFields;
export const ALERT_INCIDENT_FIELDS: readonly AlertIncidentField[] = [
  'title',
  'severity',
  'scope',
  'customerImpact',
];

export interface MappedAlertGroup {
  groupId: string;
  groupKey: string;
  status: 'firing' | 'resolved';
  fields: AlertIncidentFields;
  startedAt: string;
  /** Latest end among the alerts; only meaningful when the group is resolved. */
  endedAt: string;
}

const SEVERITY_RANK = { minor: 0, major: 1, critical: 2 } as const;

/** Same group key, same id, for every notification Alertmanager ever sends about the group. */
export function alertGroupId(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex').slice(0, 16);
}

/**
 * Turns one notification into incident fields. Fields come from the firing alerts only, so the scope
 * shrinks as alerts of the group resolve one by one; values are sorted so order never reads as change.
 */
export function mapAlertGroup(
  payload: AlertmanagerWebhook,
  mapping: AlertmanagerMapping,
  now: Date,
): MappedAlertGroup {
  const alerts = [...payload.alerts].sort(
    (a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.fingerprint.localeCompare(b.fingerprint),
  );
  const firing = alerts.filter((alert) => alert.status === 'firing');
  const relevant = firing.length > 0 ? firing : alerts;
  const labelSets = [payload.commonLabels, payload.groupLabels, ...relevant.map((alert) => alert.labels)];
  const annotationSets = [payload.commonAnnotations, ...relevant.map((alert) => alert.annotations)];
  return {
    groupId: alertGroupId(payload.groupKey),
    groupKey: payload.groupKey,
    status: payload.status,
    fields: {
      title: clip(
        firstValue(annotationSets, mapping.title.annotations) ??
          firstValue(labelSets, mapping.title.labels) ??
          mapping.title.default,
        200,
      ),
      severity: highestSeverity(relevant, mapping),
      scope: {
        services: collect(labelSets, mapping.scope.services),
        regions: collect(labelSets, mapping.scope.regions),
        postcodePrefixes: collect(labelSets, mapping.scope.postcodePrefixes),
        customerIds: collect(labelSets, mapping.scope.customerIds),
      },
      customerImpact: clipOrNull(firstValue(annotationSets, mapping.customerImpact.annotations), 1000),
    },
    startedAt: new Date(Math.min(...relevant.map((alert) => Date.parse(alert.startsAt)))).toISOString(),
    endedAt: latestEnd(alerts, now),
  };
}

function highestSeverity(
  alerts: AlertmanagerAlert[],
  mapping: AlertmanagerMapping,
): AlertIncidentFields['severity'] {
  const mapped = alerts.map((alert) => {
    const value = firstValue([alert.labels], mapping.severity.labels)?.toLowerCase();
    return (value === undefined ? undefined : mapping.severity.values[value]) ?? mapping.severity.default;
  });
  return mapped.reduce((highest, severity) =>
    SEVERITY_RANK[severity] > SEVERITY_RANK[highest] ? severity : highest,
  );
}

function firstValue(sets: Array<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const set of sets) {
    for (const name of names) {
      const value = set[name]?.trim();
      if (value) return value;
    }
  }
  return undefined;
}

function collect(sets: Array<Record<string, string>>, names: readonly string[]): string[] {
  const values = new Set<string>();
  for (const set of sets) {
    for (const name of names) {
      const value = set[name]?.trim();
      if (value) values.add(clip(value, 100));
    }
  }
  return [...values].sort().slice(0, 1000);
}

/** When the last alert ended, never later than now: firing alerts may carry a projected end. */
function latestEnd(alerts: AlertmanagerAlert[], now: Date): string {
  const ends = alerts
    .filter((alert) => alert.status === 'resolved' && alert.endsAt !== undefined)
    .map((alert) => Date.parse(alert.endsAt as string))
    // Alertmanager writes 0001-01-01T00:00:00Z for "no end".
    .filter((end) => end > 0);
  return new Date(Math.min(ends.length > 0 ? Math.max(...ends) : now.getTime(), now.getTime())).toISOString();
}

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;
const clipOrNull = (text: string | undefined, max: number): string | null =>
  text === undefined ? null : clip(text, max);
