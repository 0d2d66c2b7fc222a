import type { Counter, Gauge, Histogram } from 'prom-client';
import type { AppMetrics } from '@pxr/observability';

/** The notifier's metrics. Labels are bounded enums: never a number, an address or a customer id. */
export class NotifierMetrics {
  readonly notifications: Counter<'channel' | 'outcome'>;
  readonly providerRequests: Counter<'provider' | 'status'>;
  readonly providerLatency: Histogram<'provider'>;
  readonly pending: Gauge;
  readonly reconciliations: Counter<'channel' | 'outcome'>;
  readonly deliveryChases: Counter<'channel' | 'outcome'>;
  readonly consumed: Counter<'topic' | 'outcome'>;
  readonly deadLettered: Counter<'topic' | 'code'>;
  readonly webhooks: Counter<'endpoint' | 'outcome'>;

  constructor(metrics: AppMetrics) {
    this.notifications = metrics.counter('pxr_notifications_total', 'Notification outcomes, by channel', [
      'channel',
      'outcome',
    ]);
    this.providerRequests = metrics.counter(
      'pxr_provider_requests_total',
      'Requests to SMS/email providers',
      ['provider', 'status'],
    );
    this.providerLatency = metrics.histogram(
      'pxr_provider_latency_seconds',
      'Provider request latency',
      [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      ['provider'],
    );
    this.pending = metrics.gauge('pxr_messages_pending', 'Messages not yet settled with a provider');
    this.reconciliations = metrics.counter(
      'pxr_reconciliations_total',
      'Messages of unknown fate looked up at the provider',
      ['channel', 'outcome'],
    );
    this.deliveryChases = metrics.counter(
      'pxr_delivery_chases_total',
      'Sent messages the provider was asked about after a silence, by its answer',
      ['channel', 'outcome'],
    );
    this.consumed = metrics.counter('pxr_events_consumed_total', 'Events consumed, by topic and outcome', [
      'topic',
      'outcome',
    ]);
    this.deadLettered = metrics.counter('pxr_dead_lettered_total', 'Records sent to a dead-letter topic', [
      'topic',
      'code',
    ]);
    this.webhooks = metrics.counter('pxr_webhooks_total', 'Provider webhooks and unsubscribe requests', [
      'endpoint',
      'outcome',
    ]);
  }
}
