import { EntityManager } from 'typeorm';

/** The last word incident-api sent to the incident topic for one Alertmanager group. */
export interface AlertmanagerGroupRecord {
  groupId: string;
  groupKey: string;
  incidentId: string;
  occurrence: number;
  status: 'firing' | 'resolved';
  /** The incident fields as last sent, to tell a repeated notification from a changed one. */
  fields: Record<string, unknown>;
}

interface Row {
  group_id: string;
  group_key: string;
  incident_id: string;
  occurrence: number;
  status: 'firing' | 'resolved';
  fields: Record<string, unknown>;
}

/** Runs inside the caller's transaction; `lock` first, so two notifications of one group never interleave. */
export class AlertmanagerGroups {
  /** Held until the transaction ends; works before the group's row exists, unlike SELECT … FOR UPDATE. */
  async lock(manager: EntityManager, groupId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('alertmanager:' || $1, 0))`, [
      groupId,
    ]);
  }

  async find(manager: EntityManager, groupId: string): Promise<AlertmanagerGroupRecord | undefined> {
    const rows: Row[] = await manager.query(
      `SELECT group_id, group_key, incident_id, occurrence, status, fields
         FROM alertmanager_groups WHERE group_id = $1`,
      [groupId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return {
      groupId: row.group_id,
      groupKey: row.group_key,
      incidentId: row.incident_id,
      occurrence: row.occurrence,
      status: row.status,
      fields: row.fields,
    };
  }

  async save(manager: EntityManager, record: AlertmanagerGroupRecord): Promise<void> {
    await manager.query(
      `INSERT INTO alertmanager_groups (group_id, group_key, incident_id, occurrence, status, fields)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (group_id) DO UPDATE SET
         group_key = EXCLUDED.group_key, incident_id = EXCLUDED.incident_id, occurrence = EXCLUDED.occurrence,
         status = EXCLUDED.status, fields = EXCLUDED.fields, updated_at = now()`,
      [
        record.groupId,
        record.groupKey,
        record.incidentId,
        record.occurrence,
        record.status,
        JSON.stringify(record.fields),
      ],
    );
  }
}
