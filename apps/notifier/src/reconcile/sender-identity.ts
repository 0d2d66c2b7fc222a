import { randomInt } from 'node:crypto';
import { Client } from 'pg';

/** First key of the two-key advisory locks that say "this notifier process is alive". */
export const SENDER_LOCK_CLASS = 7304400;

const HEARTBEAT_MS = 5000;
const MAX_RELOCK_DELAY_MS = 5000;

export interface SenderIdentityLog {
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
}

/** Thrown by `key` while no lock is held: nothing may be claimed for sending then. */
export class SenderLockLostError extends Error {
  constructor() {
    super('the sender lock is not held (its session was lost); sending waits for a new one');
  }
}

/**
 * Holds an advisory lock on a session of its own. Messages this process marks `sending` carry the
 * lock's key; Postgres drops the lock the moment the session ends, which is how any notifier tells a
 * send in flight from one whose fate is unknown.
 *
 * Losing the session (the database restarted, the network dropped) loses the lock: other notifiers may
 * then take our sends in flight for orphans and settle them. So from that moment nothing is claimed and
 * no provider call starts for a message claimed under the lost key (`holds`); a new session with a new
 * key is sought in the background, and sending resumes under it.
 */
export class SenderIdentity {
  private held: { key: number; client: Client } | undefined;
  private closing = false;
  private heartbeat: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;

  private constructor(
    private readonly databaseUrl: string,
    private readonly log: SenderIdentityLog,
  ) {}

  /** At start-up: fails if the database cannot be reached (the process should not start then). */
  static async acquire(databaseUrl: string, log: SenderIdentityLog): Promise<SenderIdentity> {
    const identity = new SenderIdentity(databaseUrl, log);
    await identity.lock();
    return identity;
  }

  /** The key to mark sends with; throws while no lock is held. */
  get key(): number {
    if (this.held === undefined) throw new SenderLockLostError();
    return this.held.key;
  }

  /** Whether a send marked with `key` may still go out: only while that very lock is held. */
  holds(key: number | undefined): boolean {
    return key !== undefined && this.held?.key === key;
  }

  async release(): Promise<void> {
    this.closing = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.retry);
    const held = this.held;
    this.held = undefined;
    await held?.client.end().catch(() => undefined);
  }

  private async lock(): Promise<void> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'pxr-notifier-sender',
    });
    // Until watched, an error on this session is answered by the failed connect or query below.
    client.on('error', () => undefined);
    try {
      await client.connect();
      for (;;) {
        const key = randomInt(1, 2 ** 31 - 1);
        const [row] = (
          await client.query(`SELECT pg_try_advisory_lock($1, $2) AS ok`, [SENDER_LOCK_CLASS, key])
        ).rows as Array<{ ok: boolean }>;
        if (row.ok) return this.watch(client, key);
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  private watch(client: Client, key: number): void {
    if (this.closing) {
      void client.end().catch(() => undefined);
      return;
    }
    this.held = { key, client };
    const lost = (error: unknown): void => {
      if (this.held?.client !== client) return;
      this.held = undefined;
      clearInterval(this.heartbeat);
      void client.end().catch(() => undefined);
      if (this.closing) return;
      this.log.warn('lost the sender lock session; sending paused until a new lock is held', { err: error });
      this.relock(1);
    };
    client.on('error', lost);
    client.on('end', () => lost(new Error('sender lock session ended')));
    // A session can also die silently (a dropped network): ask it something now and then.
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(lost);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private relock(attempt: number): void {
    this.retry = setTimeout(
      () => {
        this.lock().then(
          () => {
            if (this.held !== undefined) this.log.info('sender lock held again; sending resumes');
          },
          () => {
            if (!this.closing) this.relock(attempt + 1);
          },
        );
      },
      Math.min(100 * 2 ** attempt, MAX_RELOCK_DELAY_MS),
    );
  }
}
