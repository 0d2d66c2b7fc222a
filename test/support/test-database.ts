import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { dropDatabase, ensureDatabase, openDatabase } from '@pxr/persistence';

/** Each test file gets a database of its own, named after a random suffix, dropped at the end. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pxr_test');
  base.pathname = `/pxr_it_${randomBytes(5).toString('hex')}`;
  const url = base.toString();
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}

/**
 * A database of this describe block's own, migrated and opened before its tests and dropped after them.
 * Call at the top of a describe block; read `.dataSource` / `.url` inside hooks and tests.
 *
 * Jest runs a block's hooks in the order they were registered, afterAll ones too: a beforeAll
 * registered after this call sees an open data source, and an afterAll registered after it runs once
 * the database is gone. Teardown that must come first (stopping a process still connected to the
 * database) goes in an afterAll registered before this call.
 */
export function useTestDataSource(poolSize = 2): { readonly dataSource: DataSource; readonly url: string } {
  let database: { url: string; drop(): Promise<void> } | undefined;
  let dataSource: DataSource | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase(database.url, poolSize);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  const notYet = (what: string) =>
    new Error(`useTestDataSource: ${what} read before its beforeAll ran (or that beforeAll failed)`);
  return {
    get dataSource() {
      if (dataSource === undefined) throw notYet('dataSource');
      return dataSource;
    },
    get url() {
      if (database === undefined) throw notYet('url');
      return database.url;
    },
  };
}

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}
