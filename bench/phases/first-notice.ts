import { Client } from 'pg';
import { BENCH_SOURCE, IncidentEvents } from '../support/incident-events';
import { SimulatorLog } from '../support/simulator-log';
import { seededRandom } from '@pxr/persistence';
import { distribution, Distribution } from '../support/stats';

export interface SmallIncident {
  readonly incidentId: string;
  readonly customerIds: readonly string[];
}

export interface FirstNoticeResult {
  readonly incidents: number;
  readonly customers: number;
  /** Incident event produced → the simulator accepted the first message about it. */
  readonly latency: Distribution;
  readonly noNotice: number;
  /** Where the time goes, from the first row each stage wrote (database times are transaction starts). */
  readonly stages: Readonly<Record<string, Distribution>>;
}

const PER_INCIDENT_TIMEOUT_MS = 30_000;

/** Customer ids as `pxr customers generate` makes them: C0000001, C0000002, … */
export function generatedCustomerId(index: number): string {
  return `C${String(index + 1).padStart(7, '0')}`;
}

/** 10–100 customers each, disjoint, so every accepted message names exactly one incident. */
export function smallIncidents(count: number, directorySize: number): SmallIncident[] {
  const random = seededRandom(0x5eed);
  const incidents: SmallIncident[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const size = 10 + Math.floor(random() * 91);
    if (next + size > directorySize)
      throw new Error(`the directory is too small for ${count} small incidents`);
    const customerIds = Array.from({ length: size }, () => generatedCustomerId(next++));
    incidents.push({ incidentId: `INC-SMALL-${String(i + 1).padStart(3, '0')}`, customerIds });
  }
  return incidents;
}

/**
 * Raises the small incidents one after another: each is produced, then the next only once the
 * simulator has accepted a first message for it (or it timed out).
 */
export async function measureFirstNotice(
  incidents: readonly SmallIncident[],
  events: IncidentEvents,
  simulator: SimulatorLog,
  db: Client,
  progress: (line: string) => void,
): Promise<FirstNoticeResult> {
  const incidentOf = new Map<string, string>();
  for (const incident of incidents)
    for (const id of incident.customerIds) incidentOf.set(id, incident.incidentId);
  const produced = new Map<string, number>();
  const firstAccept = new Map<string, number>();
  const latencies: number[] = [];
  let noNotice = 0;
  for (const [i, incident] of incidents.entries()) {
    const at = Date.now();
    produced.set(incident.incidentId, at);
    await events.send([
      events.raised(incident.incidentId, new Date(at), { customerIds: [...incident.customerIds] }),
    ]);
    const deadline = at + PER_INCIDENT_TIMEOUT_MS;
    while (!firstAccept.has(incident.incidentId) && Date.now() < deadline) {
      const accepted = await simulator.next();
      for (const message of accepted) {
        const owner = incidentOf.get(message.customerId);
        if (owner !== undefined && !firstAccept.has(owner)) firstAccept.set(owner, message.acceptedAt);
      }
      if (accepted.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const accept = firstAccept.get(incident.incidentId);
    if (accept === undefined) noNotice += 1;
    else latencies.push(accept - at);
    if ((i + 1) % 50 === 0) progress(`${i + 1}/${incidents.length} small incidents raised`);
  }
  return {
    incidents: incidents.length,
    customers: incidentOf.size,
    latency: distribution(latencies),
    noNotice,
    stages: await stagesOf(db, produced, firstAccept),
  };
}

/** The first moment each stage touched each incident, read back once the phase is over. */
async function stagesOf(
  db: Client,
  produced: ReadonlyMap<string, number>,
  accepted: ReadonlyMap<string, number>,
): Promise<Record<string, Distribution>> {
  const ids = [...produced.keys()];
  const { rows } = await db.query<{
    incident_id: string;
    consumed: Date | null;
    identified: Date | null;
    planned: Date | null;
    published: Date | null;
    recorded: Date | null;
    sending: Date | null;
  }>(
    `SELECT i.incident_id,
            (SELECT min(received_at) FROM inbox
              WHERE source = $2 AND event_id = i.incident_id || '-raised') AS consumed,
            (SELECT min(finished_at) FROM identification_jobs j WHERE j.incident_id = i.incident_id) AS identified,
            (SELECT min(finished_at) FROM communication_jobs c WHERE c.incident_id = i.incident_id) AS planned,
            (SELECT min(o.published_at) FROM outbox o
              WHERE o.payload -> 'data' -> 'incidentIds' ? i.incident_id) AS published,
            (SELECT min(m.created_at) FROM messages m WHERE i.incident_id = ANY (m.incident_ids)) AS recorded,
            (SELECT min(m.sending_at) FROM messages m WHERE i.incident_id = ANY (m.incident_ids)) AS sending
       FROM unnest($1::text[]) AS i(incident_id)`,
    [ids, BENCH_SOURCE],
  );
  const names = [
    'produced → consumed by the engine',
    'consumed → identification finished',
    'identified → first notices planned (outbox)',
    'planned → relayed to Kafka',
    'relayed → recorded by the notifier',
    'recorded → send started',
    'send started → accepted by the simulator',
  ];
  const samples: number[][] = names.map(() => []);
  for (const row of rows) {
    const points = [
      produced.get(row.incident_id),
      row.consumed?.getTime(),
      row.identified?.getTime(),
      row.planned?.getTime(),
      row.published?.getTime(),
      row.recorded?.getTime(),
      row.sending?.getTime(),
      accepted.get(row.incident_id),
    ];
    for (let s = 0; s < names.length; s++) {
      const from = points[s];
      const to = points[s + 1];
      if (from !== undefined && to !== undefined) samples[s].push(to - from);
    }
  }
  return Object.fromEntries(names.map((name, s) => [name, distribution(samples[s])]));
}
