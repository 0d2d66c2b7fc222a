import { Counter } from 'prom-client';
import { AppMetrics } from '@pxr/observability';

const NAME = 'pxr_customers_contacted_before_notice_total';

/**
 * Affected customers who reached us before we reached them. Counted where a contact is recorded and where
 * identification finds an earlier contact, so both share this one counter.
 */
export function contactedBeforeNoticeCounter(metrics: AppMetrics): Counter {
  const existing = metrics.registry.getSingleMetric(NAME);
  if (existing !== undefined) return existing as Counter;
  return metrics.counter(NAME, 'Affected customers who contacted us before we notified them');
}
