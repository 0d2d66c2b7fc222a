import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT } from './environment';

export interface MachineFacts {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly kafka: string;
  readonly postgres: string;
  /** PostgreSQL's autovacuum during the run (see autovacuumForTheRun). */
  readonly autovacuum: string;
  /** 1-minute load average at start and end: other work on the machine shows here. */
  readonly loadAverage: { start: number; end?: number };
}

export async function machineFacts(
  db: Client,
  kafkaDescribe: string,
  autovacuum: string,
): Promise<MachineFacts> {
  const pom = readFileSync(join(ROOT, 'deploy', 'local', 'kafka', 'pom.xml'), 'utf8');
  const pinned = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1] ?? 'unknown';
  const postgres = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kafka: `${pinned} (deploy/local/kafka/pom.xml; ${kafkaDescribe})`,
    postgres,
    autovacuum,
    loadAverage: { start: round(loadavg()[0]) },
  };
}

export function loadNow(): number {
  return round(loadavg()[0]);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
