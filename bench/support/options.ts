import { parseArgs } from 'node:util';

export interface BenchOptions {
  readonly quick: boolean;
  /** Customers in the directory; every one of them is touched by the fan-out incident. */
  readonly customers: number;
  /** Small incidents raised one after another for the first-notice latency. */
  readonly smallIncidents: number;
  /** Incident update events produced as fast as possible for the ingest figure. */
  readonly updates: number;
  /** How long the fan-out may take, from its event to every message accepted. */
  readonly fanOutTimeoutMinutes: number;
  /** Leave pxr_bench in place afterwards, for looking into. */
  readonly keepDatabase: boolean;
  /** Run with PostgreSQL's autovacuum as the machine has it, even off (to compare with runs made so). */
  readonly leaveAutovacuum: boolean;
  /** Apps run under V8's sampling profiler; profiles land in the run's folder under bench/results/runs/. */
  readonly profile: ReadonlyArray<'recovery-engine' | 'notifier'>;
}

const USAGE = `usage: npm run bench -- [--quick] [--customers N] [--incidents N] [--updates N]
                        [--fan-out-timeout MINUTES]
                        [--profile recovery-engine|notifier]… [--keep-database] [--leave-autovacuum]
  --quick          100,000 customers instead of 1,000,000
  --customers N    any other directory size (the other counts stay as the issue sets them)
  --incidents N    small incidents for the first-notice latency (default 200)
  --updates N      incident update events for the ingest figure (default 50,000)
  --fan-out-timeout MINUTES
                   give up waiting for the fan-out after this long (default 60, 240 for a million)
  --profile APP    run the app under V8's sampling profiler; its .cpuprofile and SQL statement
                   counts are written when it stops; may be repeated
  --keep-database  leave the pxr_bench database for inspection
  --leave-autovacuum
                   run with PostgreSQL's autovacuum as the machine has it; by default a run turns it on
                   where it is off, and back off afterwards
`;

export function readOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      customers: { type: 'string' },
      incidents: { type: 'string', default: '200' },
      updates: { type: 'string', default: '50000' },
      'fan-out-timeout': { type: 'string' },
      profile: { type: 'string', multiple: true, default: [] },
      'keep-database': { type: 'boolean', default: false },
      'leave-autovacuum': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true;
  const profile = values.profile ?? [];
  if (
    !profile.every(
      (app): app is 'recovery-engine' | 'notifier' => app === 'recovery-engine' || app === 'notifier',
    )
  ) {
    throw new Error(`--profile must be recovery-engine or notifier\n${USAGE}`);
  }
  const customers = whole('--customers', values.customers ?? (quick ? '100000' : '1000000'));
  return {
    quick,
    customers,
    fanOutTimeoutMinutes: whole(
      '--fan-out-timeout',
      values['fan-out-timeout'] ?? (customers > 100_000 ? '240' : '60'),
    ),
    smallIncidents: whole('--incidents', values.incidents),
    updates: whole('--updates', values.updates),
    keepDatabase: values['keep-database'] === true,
    leaveAutovacuum: values['leave-autovacuum'] === true,
    profile,
  };
}

function whole(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${flag} must be a whole number above 0\n${USAGE}`);
  return n;
}
