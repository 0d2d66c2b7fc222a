import { AlertmanagerAlert, AlertmanagerWebhook } from './alertmanager-payload';

/** Small builders for Alertmanager notifications in tests: give only what the test is about. */
export function anAlert(overrides: Partial<AlertmanagerAlert> = {}): AlertmanagerAlert {
  return {
    status: 'firing',
    labels: { alertname: 'BroadbandDown', service: 'broadband', region: 'north', severity: 'warning' },
    annotations: { summary: 'Broadband down in the north' },
    startsAt: '2026-11-24T09:00:00Z',
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: 'f-1',
    ...overrides,
  };
}

export function aNotification(overrides: Partial<AlertmanagerWebhook> = {}): AlertmanagerWebhook {
  const alerts = overrides.alerts ?? [anAlert()];
  return {
    version: '4',
    groupKey: '{}:{alertname="BroadbandDown"}',
    truncatedAlerts: 0,
    status: alerts.some((alert) => alert.status === 'firing') ? 'firing' : 'resolved',
    receiver: 'pxr',
    groupLabels: { alertname: 'BroadbandDown' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager.test:9093',
    alerts,
    ...overrides,
  };
}
