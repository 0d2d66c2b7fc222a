import { DataSource } from 'typeorm';

export async function nextIncidentEventSequence(dataSource: DataSource): Promise<number> {
  const [row]: Array<{ value: string }> = await dataSource.query(
    `SELECT nextval('incident_event_sequence') AS value`,
  );
  return Number(row.value);
}
