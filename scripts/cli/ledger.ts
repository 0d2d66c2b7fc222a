import { parseArgs } from 'node:util';
import { topicsWithPrefix } from '@pxr/contracts';
import { CompensationError, parseActor } from '@pxr/domain';
import { DEFAULT_DATABASE_URL, openDatabase, ReverseLedgerEntry, verifyLedger } from '@pxr/persistence';
import { CliCommand } from './cli-command';
import { UsageError } from './usage-error';

const USAGE = `usage:
  pxr ledger verify [--database-url URL]
      Walks the hash chain from the first entry; exits 1 naming the first entry that does not match.
  pxr ledger reverse ENTRY_ID --reason TEXT [--actor NAME] [--database-url URL]
      Corrects a grant or approval with a reversing entry (the ledger never changes an entry).
      The acting person is --actor, or PXR_ACTOR. KAFKA_TOPIC_PREFIX names the topic billing is told on.
`;

/** `pxr ledger …`: verify the compensation ledger's chain and correct it by reversal. */
export const command: CliCommand = {
  async run(args) {
    const [verb, ...rest] = args;
    try {
      if (verb === 'verify') return await verifyVerb(rest);
      if (verb === 'reverse') return await reverseVerb(rest);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(`pxr ledger: ${error.message}\n${USAGE}`);
        return 2;
      }
      if (error instanceof CompensationError) {
        process.stderr.write(`pxr ledger: refused (${error.code}): ${error.message}\n`);
        return 1;
      }
      throw error;
    }
    process.stderr.write(USAGE);
    return verb === undefined || verb === '--help' ? 0 : 2;
  },
};

async function verifyVerb(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { 'database-url': { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}`);
  const started = Date.now();
  const dataSource = await openDatabase(databaseUrl(values['database-url']), 2);
  try {
    const result = await verifyLedger(dataSource.manager);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.ok) {
      process.stdout.write(
        `ledger intact: ${result.entries} entries, head ${result.headHash} (${seconds} s)\n`,
      );
      return 0;
    }
    const { sequence, check, detail } = result.firstBad;
    process.stdout.write(
      `ledger broken at entry ${sequence} (check: ${check}): ${detail}\n` +
        `${result.entries} entries before it are intact (${seconds} s)\n`,
    );
    return 1;
  } finally {
    await dataSource.destroy();
  }
}

async function reverseVerb(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    reason: { type: 'string' },
    actor: { type: 'string' },
    'database-url': { type: 'string' },
  });
  if (positionals.length !== 1 || !/^[1-9]\d{0,14}$/.test(positionals[0])) {
    throw new UsageError('reverse takes exactly one ENTRY_ID (a ledger sequence number)');
  }
  const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
  if (reason === '') throw new UsageError('--reason is required: say why the gesture is reversed');
  const by = parseActor(typeof values.actor === 'string' ? values.actor : process.env.PXR_ACTOR);
  const topic = topicsWithPrefix(process.env.KAFKA_TOPIC_PREFIX ?? '').compensationEvents.name;
  const dataSource = await openDatabase(databaseUrl(values['database-url']), 2);
  try {
    const entry = await new ReverseLedgerEntry(dataSource, topic).execute(Number(positionals[0]), {
      by,
      reason,
    });
    process.stdout.write(
      `reversed entry ${entry.refersTo} with entry ${entry.sequence}: ${entry.amountMinor} ${entry.currency} ` +
        `(${entry.gestureKind}) for customer ${entry.customerId} in ${entry.incidentId}\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function databaseUrl(given: unknown): string {
  return typeof given === 'string' ? given : (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
}
