import { randomInt } from 'node:crypto';
import { Client } from 'pg';

/** First key of the two-key advisory locks that say "this notifier process is alive". */
export const SENDER_LOCK_CLASS = 7304400;

/**
 * Holds an advisory lock for as long as this process lives, on a session of its own. Messages this
 * process marks `sending` carry the lock's key; Postgres drops the lock the moment the process dies,
 * which is how any notifier tells a send in flight from one whose fate is unknown.
 */
export class SenderIdentity {
  private heartbeat: NodeJS.Timeout | undefined;
  private closing = false;

  private constructor(
    readonly key: number,
    private readonly client: Client,
  ) {}

  static async acquire(databaseUrl: string, onLost: (error: unknown) => void): Promise<SenderIdentity> {
    const client = new Client({ connectionString: databaseUrl, application_name: 'pxr-notifier-sender' });
    await client.connect();
    for (;;) {
      const key = randomInt(1, 2 ** 31 - 1);
      const [row] = (
        await client.query(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [SENDER_LOCK_CLASS, key])
      ).rows as Array<{ ok: boolean }>;
      if (!row.ok) continue;
      const identity = new SenderIdentity(key, client);
      identity.watch(onLost);
      return identity;
    }
  }

  async release(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    await this.client.end().catch(() => undefined);
  }

  /**
   * Losing the session loses the lock: other notifiers would then take our sends in flight for
   * orphans and might repeat them, so the owner must stop sending at once.
   */
  private watch(onLost: (error: unknown) => void): void {
    const lost = (error: unknown): void => {
      if (this.closing) return;
      this.closing = true;
      clearInterval(this.heartbeat);
      onLost(error);
    };
    this.client.on('error', lost);
    this.client.on('end', () => lost(new Error('sender lock session ended')));
    this.heartbeat = setInterval(() => {
      this.client.query('SELECT 1').catch(lost);
    }, 5000);
    this.heartbeat.unref();
  }
}
