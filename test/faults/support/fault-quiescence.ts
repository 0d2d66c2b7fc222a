import { Client } from 'pg';
import type { AppName } from '../../support/app-process';

export interface QuiescenceProbe {
  readonly db: Client;
  readonly simUrl: string;
  /** Uncommitted records per consumer group. */
  readonly lag: () => Promise<Record<string, number>>;
  /** Whether the app was ever started in this system: only then is its work waited for. */
  readonly started: (name: AppName) => boolean;
}

/**
 * Quiet means: nothing waiting anywhere (jobs, outbox, unsettled messages, notices without an outcome,
 * resolved incidents without their decisions, consumer lag, provider webhooks) and nothing changing
 * (the counts of what was done) for `stableMs`, since background loops only look every so often.
 * Polls instead of sleeping; on timeout the error names whatever was still pending.
 */
export async function waitUntilQuiescent(
  probe: QuiescenceProbe,
  { timeoutMs = 180_000, stableMs = 1500, intervalMs = 400 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stableSince: number | undefined;
  let lastPrint = '';
  for (;;) {
    const { pending, done } = await snapshot(probe);
    const busy = Object.values(pending).some((n) => n > 0);
    const print = JSON.stringify(done);
    if (process.env.PXR_FAULT_DEBUG)
      process.stderr.write(`[quiescence ${new Date().toISOString()}] ${JSON.stringify(pending)} ${print}\n`);
    if (busy || print !== lastPrint) stableSince = undefined;
    else stableSince ??= Date.now();
    if (stableSince !== undefined && Date.now() - stableSince >= stableMs) return;
    lastPrint = print;
    if (Date.now() > deadline) {
      const waiting = Object.entries(pending).filter(([, n]) => n > 0);
      throw new Error(
        `not quiescent after ${timeoutMs} ms; pending: ${
          waiting.length === 0
            ? 'nothing, but counts still moving'
            : JSON.stringify(Object.fromEntries(waiting))
        }; done: ${print}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function snapshot(
  probe: QuiescenceProbe,
): Promise<{ pending: Record<string, number>; done: Record<string, number> }> {
  const engine = probe.started('recovery-engine');
  const notifier = probe.started('notifier');
  const [row] = (
    await probe.db.query(
      `SELECT (SELECT count(*)::int FROM identification_jobs WHERE state IN ('pending', 'running')) AS identifying,
              (SELECT count(*)::int FROM communication_jobs WHERE state <> 'done') AS communicating,
              (SELECT count(*)::int FROM outbox WHERE published_at IS NULL) AS outbox,
              (SELECT count(*)::int FROM messages WHERE state IN ('pending', 'sending', 'unknown')) AS unsettled,
              (SELECT count(*)::int FROM notices WHERE state = 'requested') AS requested,
              (SELECT count(*)::int FROM incidents i
                WHERE i.resolved_at IS NOT NULL AND i.status IN ('resolved', 'closed')
                  AND NOT EXISTS (SELECT 1 FROM compensation_runs r
                                   WHERE r.incident_id = i.incident_id AND r.state = 'done')) AS undecided,
              (SELECT count(*)::int FROM notices) AS notices,
              (SELECT count(*)::int FROM messages) AS messages,
              (SELECT count(*)::int FROM inbox) AS inbox,
              (SELECT count(*)::int FROM compensation_decisions) AS decisions,
              (SELECT count(*)::int FROM outbox) AS outboxed`,
    )
  ).rows as Array<Record<string, number>>;
  const stats = (await (await fetch(`${probe.simUrl}/_sim/stats`)).json()) as {
    twilio: { accepted: number; rejected: number };
    sendgrid: { accepted: number; rejected: number };
    webhooksPending: number;
    webhooksDelivered: number;
  };
  const pending: Record<string, number> = {
    ...(await probe.lag()),
    'outbox unpublished': row.outbox,
    'provider webhooks pending': stats.webhooksPending,
  };
  if (engine) {
    pending['identification jobs unfinished'] = row.identifying;
    pending['communication jobs unfinished'] = row.communicating;
    pending['resolved incidents awaiting decisions'] = row.undecided;
  }
  if (notifier) {
    pending['messages unsettled'] = row.unsettled;
    if (engine) pending['notices awaiting an outcome'] = row.requested;
  }
  const done = {
    accepted: stats.twilio.accepted + stats.sendgrid.accepted,
    rejected: stats.twilio.rejected + stats.sendgrid.rejected,
    webhooks: stats.webhooksDelivered,
    notices: row.notices,
    messages: row.messages,
    inbox: row.inbox,
    decisions: row.decisions,
    outbox: row.outboxed,
  };
  return { pending, done };
}
