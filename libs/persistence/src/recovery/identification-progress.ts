/** A DataSource, an EntityManager, or anything else that runs a query and resolves to its rows. */
export interface RowSource {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** How far the newest identification of an incident has got; for the console's live view. */
export interface IdentificationProgress {
  incidentId: string;
  revision: number;
  kind: string;
  state: string;
  /** Customers the scope matched so far in this revision: the identified count once `state` is done. */
  identified: number;
  added: number;
  reentered: number;
  leftScope: number;
  released: number;
  batches: number;
  createdAt: string;
  finishedAt: string | null;
}

interface ProgressRow {
  incident_id: string;
  revision: number;
  kind: string;
  state: string;
  matched: string;
  added: string;
  reentered: string;
  left_scope: string;
  released: string;
  batches: number;
  created_at: Date;
  finished_at: Date | null;
}

export async function readIdentificationProgress(
  db: RowSource,
  incidentId: string,
): Promise<IdentificationProgress | undefined> {
  const rows = (await db.query(
    `SELECT incident_id, revision, kind, state, matched, added, reentered, left_scope, released, batches,
            created_at, finished_at
       FROM identification_jobs WHERE incident_id = $1 ORDER BY revision DESC LIMIT 1`,
    [incidentId],
  )) as ProgressRow[];
  if (rows.length === 0) return undefined;
  const row = rows[0];
  return {
    incidentId: row.incident_id,
    revision: row.revision,
    kind: row.kind,
    state: row.state,
    identified: Number(row.matched),
    added: Number(row.added),
    reentered: Number(row.reentered),
    leftScope: Number(row.left_scope),
    released: Number(row.released),
    batches: row.batches,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}
