import { Message } from 'kafkajs';
import { Client } from 'pg';
import { produceFast } from '../support/fast-produce';
import { BENCH_SOURCE, IncidentEvents } from '../support/incident-events';
import { waitFor } from '../support/stats';

export interface IngestResult {
  readonly events: number;
  readonly averageBytes: number;
  readonly producedInMs: number;
  /** First event produced → every one of them recorded in the engine's inbox. */
  readonly handledInMs: number;
  readonly eventsPerSecond: number;
  readonly timedOut: boolean;
}

/** Status-note updates spread over the given incidents, each incident's in time order. */
export function noteUpdates(
  events: IncidentEvents,
  incidentIds: readonly string[],
  count: number,
): Message[] {
  const base = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const incidentId = incidentIds[i % incidentIds.length];
    const n = Math.floor(i / incidentIds.length) + 1;
    return events.noted(incidentId, n, new Date(base + n));
  });
}

/** Produces the updates as fast as possible and waits until the engine has handled them all. */
export async function measureIngest(
  events: IncidentEvents,
  messages: Message[],
  db: Client,
  timeoutMs: number,
): Promise<IngestResult> {
  const inboxed = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM inbox WHERE source = $1`, [BENCH_SOURCE])).rows[0].n);
  const before = await inboxed();
  const started = Date.now();
  await produceFast(events.producer, events.topic, messages);
  const producedInMs = Date.now() - started;
  const { timedOut } = await waitFor(inboxed, (n) => n >= before + messages.length, {
    timeoutMs,
    intervalMs: 100,
  });
  const handledInMs = Date.now() - started;
  return {
    events: messages.length,
    averageBytes: averageBytes(messages),
    producedInMs,
    handledInMs,
    eventsPerSecond: Math.round((messages.length * 1000) / handledInMs),
    timedOut,
  };
}

export function averageBytes(messages: readonly Message[]): number {
  const total = messages.reduce((sum, m) => sum + Buffer.byteLength(m.value as string), 0);
  return Math.round(total / messages.length);
}
