import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind `GET /incidents`: keyset pages walk (started_at, incident_id) newest first, and the
 * service filter asks "does scope.services contain X", which a GIN index answers without a scan.
 */
export class IncidentQueries1764000000300 implements MigrationInterface {
  name = 'IncidentQueries1764000000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX incidents_started_id_idx ON incidents (started_at DESC, incident_id DESC)`);
    await db.query(
      `CREATE INDEX incidents_scope_services_idx ON incidents USING gin ((scope -> 'services') jsonb_path_ops)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX incidents_scope_services_idx`);
    await db.query(`DROP INDEX incidents_started_id_idx`);
  }
}
