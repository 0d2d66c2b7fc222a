import { Client } from 'pg';
import { eventually } from '../../../test/support/eventually';
import { createTestDatabase } from '../../../test/support/test-database';
import { SENDER_LOCK_CLASS, SenderIdentity, SenderLockLostError } from '../src/reconcile/sender-identity';

/**
 * The sender lock's session ends under it (as in a database restart, here by terminating just that
 * session): the notifier stops claiming at once, refuses to send what it claimed under the lost key,
 * and takes a new lock by itself instead of exiting.
 */
describe('sender identity when its session is lost', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let identity: SenderIdentity;
  const warnings: string[] = [];
  const log = { info: () => undefined, warn: (message: string) => void warnings.push(message) };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Client({ connectionString: database.url });
    await db.connect();
  });

  afterAll(async () => {
    await identity?.release();
    await db?.end();
    await database?.drop();
  });

  const heldKeys = async (): Promise<number[]> =>
    (
      await db.query(
        `SELECT objid::int AS key FROM pg_locks
          WHERE locktype = 'advisory' AND classid = $1 AND granted AND database =
                (SELECT oid FROM pg_database WHERE datname = current_database())`,
        [SENDER_LOCK_CLASS],
      )
    ).rows.map((row: { key: number }) => row.key);

  it('pauses, then holds a new lock under a new key', async () => {
    identity = await SenderIdentity.acquire(database.url, log);
    const first = identity.key;
    expect(await heldKeys()).toEqual([first]);

    await db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'pxr-notifier-sender' AND datname = current_database()`,
    );

    await eventually(
      'the loss noticed',
      async () => warnings.length,
      (n) => n === 1,
    );
    expect(identity.holds(first)).toBe(false);
    const second = await eventually(
      'a new lock',
      async () => identity.key,
      (key) => key !== first,
      { timeoutMs: 15_000 },
    );
    expect(await heldKeys()).toEqual([second]);
    expect(identity.holds(second)).toBe(true);
    expect(identity.holds(first)).toBe(false);
  });

  it('refuses a key once released', async () => {
    await identity.release();

    expect(() => identity.key).toThrow(SenderLockLostError);
    await eventually('the lock gone with its session', heldKeys, (keys) => keys.length === 0);
  });
});
