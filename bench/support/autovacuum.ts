import { Client } from 'pg';

export interface AutovacuumForTheRun {
  /** What the run had, for the machine facts: `on`, or `off on this machine, on for this run`. */
  readonly described: string;
  /** Puts the machine's setting back; absent when nothing was changed. */
  readonly restore?: () => Promise<void>;
}

/**
 * PostgreSQL runs autovacuum unless told not to, and production keeps it on; some machines turn it off.
 * A million messages are each rewritten several times during a run, and without vacuum the messages and
 * outbox tables bloat until every figure measures the bloat. So the run turns it on (ALTER SYSTEM needs a
 * superuser) and turns it back off when it stops; where it cannot, it says so and goes on.
 */
export async function autovacuumForTheRun(
  db: Client,
  say: (line: string) => void,
  leave: boolean,
): Promise<AutovacuumForTheRun> {
  const { setting, sourcefile } = (
    await db.query<{ setting: string; sourcefile: string | null }>(
      `SELECT setting, sourcefile FROM pg_settings WHERE name = 'autovacuum'`,
    )
  ).rows[0];
  if (setting === 'on') return { described: 'on' };
  if (leave) return { described: `${setting} (left so: --leave-autovacuum)` };
  try {
    await db.query('ALTER SYSTEM SET autovacuum = on');
    await db.query('SELECT pg_reload_conf()');
  } catch (error) {
    say(
      `autovacuum is off and could not be turned on (${(error as Error).message}); figures will show bloat`,
    );
    return { described: 'off' };
  }
  say('autovacuum is off on this machine: on for this run, off again afterwards');
  return {
    described: 'off on this machine, on for this run',
    restore: async () => {
      // Set by an earlier ALTER SYSTEM: put that back. Otherwise drop ours, and the configuration files rule again.
      const earlier = sourcefile?.endsWith('postgresql.auto.conf') === true;
      await db.query(earlier ? `ALTER SYSTEM SET autovacuum = ${setting}` : 'ALTER SYSTEM RESET autovacuum');
      await db.query('SELECT pg_reload_conf()');
    },
  };
}
