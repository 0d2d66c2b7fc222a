import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Telling customers of their goodwill gestures: how far the engine has read the ledger. Every giving
 * entry (a grant, or an approval by a second person) up to `sequence` has had its notice planned, or a
 * reason counted for none; the notice itself is in `notices` and `notice_parts` like any other.
 *
 * The ledger is the queue: its head lock makes sequence order commit order, so a cursor over it never
 * passes an entry that commits later. One row, locked by whichever engine is telling, so entries are
 * told in order and once.
 */
export class GoodwillNotices1764000000700 implements MigrationInterface {
  name = 'GoodwillNotices1764000000700';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE goodwill_cursor (
        singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
        sequence   bigint      NOT NULL CHECK (sequence >= 0),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // From the ledger's head as it stands: gestures given before the engine could tell customers are
    // not announced out of the blue, perhaps months later.
    await db.query(
      `INSERT INTO goodwill_cursor (singleton, sequence) SELECT true, sequence FROM ledger_head`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE goodwill_cursor`);
  }
}
