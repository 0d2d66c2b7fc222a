#!/usr/bin/env node
/**
 * `pxr` — the command-line tool for ops engineers and administrators. Each verb group lives in its own
 * module under ./cli and is loaded only when asked for, so `pxr incident …` never opens a database.
 */
import { CliCommand } from './cli/cli-command';

const GROUPS: Record<string, () => Promise<{ command: CliCommand }>> = {
  customers: () => import('./cli/customers'),
  incident: () => import('./cli/incident'),
  keys: () => import('./cli/keys'),
  ledger: () => import('./cli/ledger'),
};

async function main(argv: string[]): Promise<number> {
  const [group, ...rest] = argv;
  const load = group === undefined ? undefined : GROUPS[group];
  if (load === undefined) {
    process.stderr.write(`usage: pxr <${Object.keys(GROUPS).sort().join('|')}> …  (pxr <group> --help)\n`);
    return group === undefined || group === '--help' ? 0 : 2;
  }
  const { command } = await load();
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`pxr: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
