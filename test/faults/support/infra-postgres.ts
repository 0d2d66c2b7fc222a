import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from '../../support/free-port';
import type { FaultSystem } from './fault-harness';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster (initdb in a temp dir, trust auth, a free port) that a scenario may
 * restart mid-incident: the shared cluster on 5432 is never restarted. The binaries come from
 * PXR_PG_BIN, else the first of the usual Debian/Ubuntu locations that has initdb.
 */
export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  urlFor(database: string): string;
  readonly port: number;
  /** `pg_ctl restart -m fast`: every session is terminated, the server is back when this resolves. */
  restart(): Promise<void>;
  /** Stops the cluster and deletes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

const BIN_CANDIDATES = [
  '/usr/lib/postgresql/15/bin',
  '/usr/lib/postgresql/16/bin',
  '/usr/lib/postgresql/17/bin',
];

function pgBin(): string {
  const given = process.env.PXR_PG_BIN;
  if (given !== undefined) return given;
  const found = BIN_CANDIDATES.find((dir) => existsSync(join(dir, 'initdb')));
  if (found === undefined) throw new Error(`no initdb in ${BIN_CANDIDATES.join(', ')}; set PXR_PG_BIN`);
  return found;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = pgBin();
  const root = await mkdtemp(join(tmpdir(), 'pxr-fault-pg-'));
  const data = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  // initdb refuses to run as root: as root, the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(root, uid, gid);
  }
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  const tool = async (name: string, args: string[]): Promise<void> => {
    const [file, argv] = command(name, args);
    try {
      await run(file, argv, { timeout: 120_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`${name} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`, { cause: error });
    }
  };
  const port = await freePort();

  let destroyed = false;
  // Should the test process die before `destroy`, the cluster must not outlive it.
  const leftBehind = (): void => {
    try {
      const [file, argv] = command('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w']);
      execFileSync(file, argv, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // not running
    }
    rmSync(root, { recursive: true, force: true });
  };
  process.once('exit', leftBehind);
  const cluster: OwnPostgres = {
    port,
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restart: () => tool('pg_ctl', ['restart', '-D', data, '-m', 'fast', '-w', '-t', '60', '-l', logFile]),
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', leftBehind);
      await tool('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
  try {
    await tool('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    // The socket goes to our own directory; fsync off since the cluster is thrown away (a fast restart
    // still shuts down cleanly, so nothing is lost by it).
    const options = [
      `-p ${port}`,
      `-k ${root}`,
      `-c listen_addresses=127.0.0.1`,
      `-c fsync=off`,
      `-c synchronous_commit=off`,
      `-c full_page_writes=off`,
      `-c max_connections=200`,
    ].join(' ');
    await tool('pg_ctl', ['start', '-D', data, '-l', logFile, '-w', '-t', '60', '-o', options]);
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/**
 * Restarts the cluster under a running fault system. The harness's own client (`system.db`, for its
 * counts) dies with the restart like every other session; the apps must reconnect by themselves, the
 * harness is simply handed a fresh client on the same database.
 */
export async function restartUnderHarness(cluster: OwnPostgres, system: FaultSystem): Promise<void> {
  const old = system.db;
  old.on('error', () => undefined);
  await cluster.restart();
  const fresh = new Client({ host: old.host, port: old.port, user: old.user, database: old.database });
  await fresh.connect();
  Object.assign(system, { db: fresh });
  await old.end().catch(() => undefined);
}
