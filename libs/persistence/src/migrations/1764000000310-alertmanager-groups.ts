import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What incident-api last told the incident topic about each Alertmanager group, so that Alertmanager's
 * repeated notifications of a group become "unchanged" instead of a second incident or a stream of
 * identical updates. `occurrence` counts how often the group fired again after it was resolved.
 */
export class AlertmanagerGroups1764000000310 implements MigrationInterface {
  name = 'AlertmanagerGroups1764000000310';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE alertmanager_groups (
        group_id     text        PRIMARY KEY,
        group_key    text        NOT NULL,
        incident_id  text        NOT NULL,
        occurrence   int         NOT NULL CHECK (occurrence >= 1),
        status       text        NOT NULL CHECK (status IN ('firing', 'resolved')),
        fields       jsonb       NOT NULL,
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE alertmanager_groups`);
  }
}
