import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finding sent messages the provider has not reported on (see ChaseSilentMessages). While a message is
 * `sent`, `next_attempt_at` holds when its silence began: when it was sent, or when the provider was last
 * asked about it. Partial, so it holds only messages awaiting news, and every message passes through it
 * once, in roughly the order it is sent. Messages already `sent` before this migration keep their due time
 * there, so each is asked about once after the upgrade.
 */
export class SilentMessages1764000000900 implements MigrationInterface {
  name = 'SilentMessages1764000000900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX messages_silent_idx ON messages (next_attempt_at) WHERE state = 'sent'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX messages_silent_idx`);
  }
}
