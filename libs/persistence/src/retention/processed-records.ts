import { DataSource } from 'typeorm';
import { z } from 'zod';

const HOUR_MS = 3_600_000;

export const retentionConfigSchema = z.object({
  /** Published outbox records are kept this long, to look into or publish again, then deleted. */
  OUTBOX_RETENTION_HOURS: z.coerce.number().positive().default(168),
  /**
   * Must outlast the topics' own retention (Kafka's default is 7 days): an event redelivered after its
   * inbox record is gone would be handled a second time.
   */
  INBOX_RETENTION_HOURS: z.coerce.number().positive().default(336),
});

export type RetentionConfig = z.infer<typeof retentionConfigSchema>;

/**
 * The messaging tables' records that have done their work: the outbox's once published, the inbox's once
 * no redelivery can reach them. Every event passes through both, so without this they grow without end
 * (a million-customer incident leaves millions of rows, most of them kilobytes of notice content).
 *
 * Each call deletes at most one batch, so no transaction holds many locks or writes much at once.
 */
export class ProcessedRecords {
  constructor(
    private readonly dataSource: DataSource,
    private readonly batchSize = 5000,
  ) {}

  /**
   * Published records older than `before`, read from the head of the outbox (its oldest ids): a bounded
   * read of the primary key whatever the table holds, where a filter on the publication time would scan
   * every row still kept. A record the relay has not published stays, and so does everything after the
   * first batch with nothing old enough.
   */
  async pruneOutbox(before: Date): Promise<number> {
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM outbox o USING (
         SELECT id FROM (SELECT id, published_at FROM outbox ORDER BY id LIMIT $2) head
          WHERE published_at < $1
       ) old
       WHERE o.id = old.id`,
      [before, this.batchSize],
    );
    return deleted;
  }

  /** Records of events received before `before` (found through a BRIN index of the receipt time). */
  async pruneInbox(before: Date): Promise<number> {
    const [, deleted]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM inbox i USING (
         SELECT source, event_id FROM inbox WHERE received_at < $1 LIMIT $2
       ) old
       WHERE i.source = old.source AND i.event_id = old.event_id`,
      [before, this.batchSize],
    );
    return deleted;
  }

  /**
   * One batch from each table, with the configured retention: how many were deleted from each, and whether
   * a batch came back full (more is probably waiting).
   */
  async pruneOnce(
    config: RetentionConfig,
    now: Date,
  ): Promise<{ outbox: number; inbox: number; more: boolean }> {
    const outbox = await this.pruneOutbox(new Date(now.getTime() - config.OUTBOX_RETENTION_HOURS * HOUR_MS));
    const inbox = await this.pruneInbox(new Date(now.getTime() - config.INBOX_RETENTION_HOURS * HOUR_MS));
    return { outbox, inbox, more: outbox >= this.batchSize || inbox >= this.batchSize };
  }
}
