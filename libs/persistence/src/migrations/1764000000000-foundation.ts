import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1764000000000 implements MigrationInterface {
  name = 'Foundation1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE inbox (
        source       text        NOT NULL,
        event_id     text        NOT NULL,
        type         text        NOT NULL,
        topic        text        NOT NULL,
        partition    int         NOT NULL,
        "offset"     bigint      NOT NULL,
        outcome      text        NOT NULL,
        received_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, event_id)
      )`);
    await db.query(`
      CREATE TABLE incidents (
        incident_id            text        PRIMARY KEY,
        title                  text        NOT NULL,
        severity               text        NOT NULL CHECK (severity IN ('minor', 'major', 'critical')),
        status                 text        NOT NULL,
        phases                 jsonb       NOT NULL,
        scope                  jsonb       NOT NULL,
        customer_impact        text,
        status_note            text,
        started_at             timestamptz NOT NULL,
        expected_resolution_at timestamptz,
        next_update_by         timestamptz,
        resolved_at            timestamptz,
        cancelled_at           timestamptz,
        cancellation_reason    text,
        closed_at              timestamptz,
        version_at             timestamptz NOT NULL,
        version_sequence       bigint      NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX incidents_status_started_idx ON incidents (status, started_at DESC)`);
    // Orders the events this service's own API produces; other producers may send sequence 0.
    await db.query(`CREATE SEQUENCE incident_event_sequence`);
    // Updates that arrived before their incident was identified wait here and are replayed after it.
    await db.query(`
      CREATE TABLE parked_incident_events (
        incident_id  text        NOT NULL,
        source       text        NOT NULL,
        event_id     text        NOT NULL,
        envelope     jsonb       NOT NULL,
        parked_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, event_id)
      )`);
    await db.query(
      `CREATE INDEX parked_incident_events_incident_idx ON parked_incident_events (incident_id)`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE parked_incident_events`);
    await db.query(`DROP SEQUENCE incident_event_sequence`);
    await db.query(`DROP TABLE incidents`);
    await db.query(`DROP TABLE inbox`);
  }
}
