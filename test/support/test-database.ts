import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@pxr/persistence';

/** Each test file gets a database of its own, named after a random suffix, dropped at the end. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pxr_test');
  base.pathname = `/pxr_it_${randomBytes(5).toString('hex')}`;
  const url = base.toString();
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}

export function uniqueName(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}
