import { Admin } from 'kafkajs';
import { Client } from 'pg';
import { ANY_UNSETTLED_MESSAGE } from '@pxr/persistence';
import { IncidentEvents } from '../support/incident-events';
import { simulatorCounts } from '../support/simulator-log';
import { waitFor } from '../support/stats';

export const FAN_OUT_INCIDENT = 'INC-BENCH-ALL';

export interface FanOutResult {
  readonly affected: number;
  readonly notices: number;
  /** Incident event produced → … (ms); undefined where the step timed out. */
  readonly identifiedMs?: number;
  readonly inOutboxMs?: number;
  readonly relayedMs?: number;
  readonly allAcceptedMs?: number;
  /** The notifier's own span: first message accepted → last. */
  readonly sendSpanMs?: number;
  readonly messages: {
    total: number;
    sent: number;
    suppressed: number;
    failed: number;
    sms: number;
    email: number;
  };
  readonly acceptedBySimulator: number;
  readonly compensation: {
    /** Resolution event produced → every affected customer's decision recorded. */
    readonly decidedMs?: number;
    readonly decided: number;
    readonly granted: number;
    readonly pending: number;
    readonly noGesture: number;
    readonly escalated: number;
    /** Resolution event produced → every resolution notice planned (outbox). */
    readonly resolutionNoticesInOutboxMs?: number;
  };
  readonly timedOut: readonly string[];
}

interface Context {
  readonly events: IncidentEvents;
  readonly db: Client;
  readonly admin: Admin;
  readonly notifierGroup: string;
  readonly commandsTopic: string;
  readonly simulatorUrl: string;
  readonly services: readonly string[];
  readonly timeoutMs: number;
  readonly progress: (line: string) => void;
  /** Called between "all sent" and the resolution, so memory can be split by phase. */
  readonly onResolving: () => void;
}

/** One incident touching every customer: identified, planned, relayed, sent; then resolved and compensated. */
export async function measureFanOut(ctx: Context): Promise<FanOutResult> {
  const { db, events, timeoutMs, progress } = ctx;
  const timedOut: string[] = [];
  const acceptedBefore = (await simulatorCounts(ctx.simulatorUrl)).accepted;
  const started = Date.now();
  await events.send([events.raised(FAN_OUT_INCIDENT, new Date(started), { services: [...ctx.services] })]);
  const since = (at: Date | null | undefined) => (at ? at.getTime() - started : undefined);
  const wait = async <T>(
    step: string,
    probe: () => Promise<T>,
    done: (value: T) => boolean,
    intervalMs = 500,
  ) => {
    const left = Math.max(1000, started + timeoutMs - Date.now());
    const result = await waitFor(probe, done, { timeoutMs: left, intervalMs });
    if (result.timedOut) timedOut.push(step);
    return result.value;
  };

  const identification = await wait(
    'identification',
    async () =>
      (
        await db.query<{ state: string; finished_at: Date | null; matched: string }>(
          `SELECT state, finished_at, matched FROM identification_jobs WHERE incident_id = $1 AND kind = 'identify'`,
          [FAN_OUT_INCIDENT],
        )
      ).rows[0],
    (job) => job?.state === 'done',
  );
  const identifiedMs = since(identification?.finished_at);
  progress(`identified ${identification?.matched ?? 0} customers in ${fmt(identifiedMs)}`);

  const planning = await wait(
    'planning',
    async () =>
      (
        await db.query<{ open: string; total: string; last: Date | null; notices: string | null }>(
          `SELECT count(*) FILTER (WHERE state <> 'done') AS open, count(*) AS total, max(finished_at) AS last,
                  sum(notices) AS notices
             FROM communication_jobs WHERE incident_id = $1`,
          [FAN_OUT_INCIDENT],
        )
      ).rows[0],
    (jobs) => Number(jobs.total) > 0 && Number(jobs.open) === 0,
  );
  const inOutboxMs = timedOut.includes('planning') ? undefined : since(planning.last);
  progress(`${planning.notices ?? 0} notices planned into the outbox in ${fmt(inOutboxMs)}`);

  await wait(
    'relay',
    async () =>
      Number(
        (
          await db.query(
            `SELECT count(*) AS n FROM outbox
              WHERE published_at IS NULL AND payload ->> 'type' = 'pxr.notification.requested'`,
          )
        ).rows[0].n,
      ),
    (unpublished) => unpublished === 0,
  );
  const relayed = await db.query<{ last: Date | null }>(
    `SELECT max(published_at) AS last FROM outbox
      WHERE payload ->> 'type' = 'pxr.notification.requested' AND created_at >= $1`,
    [new Date(started)],
  );
  const relayedMs = timedOut.includes('relay') ? undefined : since(relayed.rows[0].last);
  progress(`every command relayed to Kafka in ${fmt(relayedMs)}`);

  await wait(
    'sending',
    async () => ({
      lag: await consumerLag(ctx.admin, ctx.notifierGroup, ctx.commandsTopic),
      open: (await db.query<{ open: boolean }>(ANY_UNSETTLED_MESSAGE)).rows[0].open,
    }),
    ({ lag, open }) => lag === 0 && !open,
    1000,
  );
  const simulator = await simulatorCounts(ctx.simulatorUrl);
  const lastAccepted = await lastAcceptedAt(ctx.simulatorUrl, simulator.accepted);
  const outcome = await db.query<{
    total: string;
    sent: string;
    suppressed: string;
    failed: string;
    sms: string;
    email: string;
    first_sent: Date | null;
  }>(
    `SELECT count(*) AS total,
            count(*) FILTER (WHERE state IN ('sent', 'delivered')) AS sent,
            count(*) FILTER (WHERE state = 'suppressed') AS suppressed,
            count(*) FILTER (WHERE state = 'failed') AS failed,
            count(*) FILTER (WHERE state IN ('sent', 'delivered') AND channel = 'sms') AS sms,
            count(*) FILTER (WHERE state IN ('sent', 'delivered') AND channel = 'email') AS email,
            min(sending_at) AS first_sent
       FROM messages WHERE $1 = ANY (incident_ids)`,
    [FAN_OUT_INCIDENT],
  );
  const o = outcome.rows[0];
  const allAcceptedMs =
    timedOut.includes('sending') || lastAccepted === undefined ? undefined : lastAccepted - started;
  const firstSent = o.first_sent?.getTime();
  progress(`${o.sent} messages accepted by the simulator in ${fmt(allAcceptedMs)}`);

  ctx.onResolving();
  const resolvedAt = Date.now();
  await events.send([events.resolved(FAN_OUT_INCIDENT, new Date(resolvedAt))]);
  const compensation = await wait(
    'compensation',
    async () =>
      (
        await db.query<{
          state: string;
          finished_at: Date | null;
          decided: string;
          granted: string;
          pending: string;
          no_gesture: string;
          escalated: string;
        }>(`SELECT * FROM compensation_runs WHERE incident_id = $1`, [FAN_OUT_INCIDENT])
      ).rows[0],
    (run) => run?.state === 'done',
    1000,
  );
  const resolution = await db.query<{ open: string; last: Date | null }>(
    `SELECT count(*) FILTER (WHERE state <> 'done') AS open, max(finished_at) AS last
       FROM communication_jobs WHERE incident_id = $1 AND trigger ->> 'type' = 'resolved'`,
    [FAN_OUT_INCIDENT],
  );
  const decidedMs = timedOut.includes('compensation')
    ? undefined
    : compensation.finished_at!.getTime() - resolvedAt;
  progress(`${compensation?.decided ?? 0} compensation decisions in ${fmt(decidedMs)}`);
  const r = resolution.rows[0];

  return {
    affected: Number(identification?.matched ?? 0),
    notices: Number(planning.notices ?? 0),
    identifiedMs,
    inOutboxMs,
    relayedMs,
    allAcceptedMs,
    sendSpanMs: lastAccepted !== undefined && firstSent !== undefined ? lastAccepted - firstSent : undefined,
    messages: {
      total: Number(o.total),
      sent: Number(o.sent),
      suppressed: Number(o.suppressed),
      failed: Number(o.failed),
      sms: Number(o.sms),
      email: Number(o.email),
    },
    acceptedBySimulator: simulator.accepted - acceptedBefore,
    compensation: {
      decidedMs,
      decided: Number(compensation?.decided ?? 0),
      granted: Number(compensation?.granted ?? 0),
      pending: Number(compensation?.pending ?? 0),
      noGesture: Number(compensation?.no_gesture ?? 0),
      escalated: Number(compensation?.escalated ?? 0),
      resolutionNoticesInOutboxMs: Number(r.open) === 0 && r.last ? r.last.getTime() - resolvedAt : undefined,
    },
    timedOut,
  };
}

/** Records the group has yet to commit on the topic, over all partitions. */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, [committed]] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const done = new Map(committed.partitions.map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce((lag, end) => lag + Number(end.high) - Math.max(0, done.get(end.partition) ?? 0), 0);
}

/** When the simulator accepted its newest message (it keeps them oldest first). */
async function lastAcceptedAt(url: string, accepted: number): Promise<number | undefined> {
  if (accepted === 0) return undefined;
  const response = await fetch(`${url}/_sim/messages?offset=${accepted - 1}&limit=1`);
  const { messages } = (await response.json()) as { messages: Array<{ createdAt: string }> };
  return messages.length === 0 ? undefined : Date.parse(messages[0].createdAt);
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? 'timed out' : `${(ms / 1000).toFixed(1)} s`;
}
