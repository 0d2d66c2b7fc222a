import { DataSource, EntityManager } from 'typeorm';

/** Takes an EntityManager too, so a caller inside a transaction needs no second pool connection. */
export async function nextIncidentEventSequence(db: DataSource | EntityManager): Promise<number> {
  const [row]: Array<{ value: string }> = await db.query(
    `SELECT nextval('incident_event_sequence') AS value`,
  );
  return Number(row.value);
}
