import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  DEFAULT_DATABASE_URL,
  DEFAULT_FAKE_REGIONS,
  DEFAULT_FAKE_SERVICES,
  generateCustomers,
  importCustomers,
  MalformedCsvError,
  openDatabase,
  UnreadableHeaderError,
} from '@pxr/persistence';
import { CliCommand } from './cli-command';

const USAGE = `usage:
  pxr customers import FILE.csv [--allow-partial] [--database-url URL]
      FILE may be - for standard input. A file with bad rows imports nothing unless --allow-partial.
  pxr customers generate --count N [--seed S] [--services broadband,tv,mobile]
                         [--regions north,south,east,west,scotland,wales] [--database-url URL]
`;

/** `pxr customers …`: fills the customer directory from a CSV file or with generated fake customers. */
export const command: CliCommand = {
  async run(args) {
    const [verb, ...rest] = args;
    try {
      if (verb === 'import') return await importVerb(rest);
      if (verb === 'generate') return await generateVerb(rest);
    } catch (error) {
      if (error instanceof UsageError) {
        process.stderr.write(`pxr customers: ${error.message}\n${USAGE}`);
        return 2;
      }
      if (error instanceof MalformedCsvError || error instanceof UnreadableHeaderError) {
        process.stderr.write(`${error.message}\nnothing imported\n`);
        return 1;
      }
      throw error;
    }
    process.stderr.write(USAGE);
    return verb === undefined || verb === '--help' ? 0 : 2;
  },
};

async function importVerb(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    'allow-partial': { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  });
  if (positionals.length !== 1) throw new UsageError('import takes exactly one FILE');
  const [file] = positionals;
  const csv = file === '-' ? process.stdin : createReadStream(file);
  const started = Date.now();
  const dataSource = await openDatabase(databaseUrl(values['database-url']), 2);
  try {
    const report = await importCustomers(dataSource, {
      csv,
      versionAt: new Date(),
      allowPartial: values['allow-partial'] === true,
      onBadRow: ({ line, reason }) => process.stderr.write(`line ${line}: ${reason}\n`),
    });
    const seconds = (Date.now() - started) / 1000;
    if (!report.imported) {
      process.stdout.write(
        `nothing imported: ${report.badRows} bad of ${report.rows} rows (--allow-partial imports the good ones)\n`,
      );
    } else {
      process.stdout.write(
        `imported ${report.customers} customers from ${report.rows - report.badRows} of ${report.rows} rows ` +
          `(subscriptions: ${report.subscriptionsAdded} added, ${report.subscriptionsRemoved} removed) ` +
          `in ${seconds.toFixed(1)} s${report.badRows > 0 ? `; ${report.badRows} bad rows skipped` : ''}\n`,
      );
    }
    return report.badRows > 0 ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

async function generateVerb(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    count: { type: 'string' },
    seed: { type: 'string', default: 'pxr' },
    services: { type: 'string', default: DEFAULT_FAKE_SERVICES.join(',') },
    regions: { type: 'string', default: DEFAULT_FAKE_REGIONS.join(',') },
    'database-url': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected ${positionals.join(' ')}`);
  const count = Number(values.count);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new UsageError('--count must be a whole number above 0');
  const started = Date.now();
  const dataSource = await openDatabase(databaseUrl(values['database-url']), 2);
  try {
    const merged = await generateCustomers(dataSource, {
      count,
      seed: String(values.seed),
      services: list('--services', values.services),
      regions: list('--regions', values.regions),
      versionAt: new Date(),
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `generated ${merged.customers} customers with ${merged.subscriptionsAdded} subscriptions added ` +
        `in ${seconds.toFixed(1)} s (${Math.round(count / seconds)} customers/s)\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

class UsageError extends Error {}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function list(flag: string, value: unknown): string[] {
  const items = String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) throw new UsageError(`${flag} needs at least one value`);
  return items;
}

function databaseUrl(given: unknown): string {
  return typeof given === 'string' ? given : (process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
}
