import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding inbox records old enough to delete (see ProcessedRecords). BRIN, not B-tree: every event
 * consumed inserts an inbox row, and a B-tree entry per insert would slow the consumers for the sake of a
 * clean-up that runs every few seconds; rows arrive in time order, which is what a BRIN index summarises.
 */
export class InboxRetention1764000000800 implements MigrationInterface {
  name = 'InboxRetention1764000000800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX inbox_received_at_brin ON inbox USING brin (received_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX inbox_received_at_brin`);
  }
}
