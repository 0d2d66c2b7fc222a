import { createReadStream, createWriteStream, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

export interface CopyBaseline {
  readonly rows: number;
  readonly fileBytes: number;
  readonly copyMs: number;
  /** Up to 1,000 of the rows' keys and payloads as the relay serialises them, for the Kafka baseline. */
  readonly samples: ReadonlyArray<{ key: string; value: string }>;
}

/**
 * COPY of the fan-out's own outbox rows (its first-notice commands) into a table shaped like the outbox,
 * indexes included: the floor for "every command in the outbox". The rows are dumped to a file first,
 * so only the COPY into the table is timed.
 */
export async function copyOutboxRows(databaseUrl: string, incidentId: string): Promise<CopyBaseline> {
  if (!/^[A-Za-z0-9._:-]+$/.test(incidentId)) throw new Error(`unexpected incident id ${incidentId}`);
  const file = join(tmpdir(), `pxr-bench-outbox-${process.pid}.copy`);
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await pipeline(
      db.query(
        copyTo(`COPY (SELECT topic, key, payload, headers FROM outbox
                       WHERE payload ->> 'type' = 'pxr.notification.requested'
                         AND payload -> 'data' ->> 'kind' = 'first-notice'
                         AND payload -> 'data' -> 'incidentIds' ? '${incidentId}') TO STDOUT`),
      ),
      createWriteStream(file),
    );
    await db.query(`DROP TABLE IF EXISTS bench_outbox_copy`);
    await db.query(`CREATE TABLE bench_outbox_copy (LIKE outbox INCLUDING ALL)`);
    await db.query(`CHECKPOINT`);
    const started = Date.now();
    await pipeline(
      createReadStream(file),
      db.query(copyFrom(`COPY bench_outbox_copy (topic, key, payload, headers) FROM STDIN`)),
    );
    const copyMs = Date.now() - started;
    const rows = Number((await db.query(`SELECT count(*) AS n FROM bench_outbox_copy`)).rows[0].n);
    const samples = (
      await db.query<{ key: string; payload: unknown }>(
        `SELECT key, payload FROM bench_outbox_copy LIMIT 1000`,
      )
    ).rows.map((row) => ({ key: row.key, value: JSON.stringify(row.payload) }));
    await db.query(`DROP TABLE bench_outbox_copy`);
    return { rows, fileBytes: statSync(file).size, copyMs, samples };
  } finally {
    await db.end();
    try {
      unlinkSync(file);
    } catch {
      // never written
    }
  }
}

export interface IdentifyBaseline {
  readonly rows: number;
  readonly insertMs: number;
}

/** One set-based INSERT … SELECT of the same affected set into a table keyed like affected_customers. */
export async function insertAffectedSet(
  databaseUrl: string,
  services: readonly string[],
): Promise<IdentifyBaseline> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`DROP TABLE IF EXISTS bench_affected`);
    await db.query(
      `CREATE TABLE bench_affected (incident_id text, customer_id text, since timestamptz,
                                    PRIMARY KEY (incident_id, customer_id))`,
    );
    const started = Date.now();
    const inserted = await db.query(
      `INSERT INTO bench_affected
       SELECT DISTINCT 'INC-BASELINE', customer_id, now() FROM customer_subscriptions WHERE service = ANY ($1)`,
      [services],
    );
    const insertMs = Date.now() - started;
    await db.query(`DROP TABLE bench_affected`);
    return { rows: inserted.rowCount ?? 0, insertMs };
  } finally {
    await db.end();
  }
}
