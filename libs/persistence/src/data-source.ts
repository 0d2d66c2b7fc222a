import { DataSource } from 'typeorm';
import { ensureDatabase } from './ensure-database';
import { IncidentRecord } from './entities/incident-record.entity';
import { InboxEntry } from './entities/inbox-entry.entity';
import { Foundation1764000000000 } from './migrations/1764000000000-foundation';
import { CustomerDirectory1764000000100 } from './migrations/1764000000100-customer-directory';
import { Access1764000000600 } from './migrations/1764000000600-access';
import { Recovery1764000000200 } from './migrations/1764000000200-recovery';
import { IncidentQueries1764000000300 } from './migrations/1764000000300-incident-queries';
import { AlertmanagerGroups1764000000310 } from './migrations/1764000000310-alertmanager-groups';
import { Messages1764000000400 } from './migrations/1764000000400-messages';
import { Communication1764000000450 } from './migrations/1764000000450-communication';
import { Compensation1764000000500 } from './migrations/1764000000500-compensation';
import { GoodwillNotices1764000000700 } from './migrations/1764000000700-goodwill-notices';
import { InboxRetention1764000000800 } from './migrations/1764000000800-inbox-retention';
import { SilentMessages1764000000900 } from './migrations/1764000000900-silent-messages';

export const ENTITIES = [InboxEntry, IncidentRecord];
// In the order they apply; one line per migration.
export const MIGRATIONS = [
  Foundation1764000000000,
  CustomerDirectory1764000000100,
  Recovery1764000000200,
  IncidentQueries1764000000300,
  AlertmanagerGroups1764000000310,
  Messages1764000000400,
  Communication1764000000450,
  Compensation1764000000500,
  Access1764000000600,
  GoodwillNotices1764000000700,
  InboxRetention1764000000800,
  SilentMessages1764000000900,
];

export function createDataSource(databaseUrl: string, poolSize = 10): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Schema changes go through reviewed migrations only.
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 },
  });
}

/**
 * Creates the database if missing, connects and applies pending migrations. Every app calls it at
 * start; Postgres serialises concurrent runs with an advisory lock so two apps never migrate at once.
 */
export async function openDatabase(databaseUrl: string, poolSize = 10): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const dataSource = await createDataSource(databaseUrl, poolSize).initialize();
  // The lock lives on one session, so take it on a dedicated runner rather than the pool.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(7304201)`);
    await dataSource.runMigrations({ transaction: 'each' });
    await lock.query(`SELECT pg_advisory_unlock(7304201)`);
  } finally {
    await lock.release();
  }
  return dataSource;
}
