import { parseArgs } from 'node:util';
import { issueApiKey, isRole, ROLES } from '@pxr/access';
import { ApiKeyRepository, DEFAULT_DATABASE_URL, openDatabase } from '@pxr/persistence';
import { CliCommand } from './cli-command';

const USAGE = `usage:
  pxr keys create --role ${ROLES.join('|')} --name LOGIN  prints the key once; only its hash is stored.
      LOGIN is who holds the key (e.g. jo.bloggs); it is recorded as who acted.
  pxr keys list
  pxr keys revoke KEY_ID
`;

/** `pxr keys …`: API keys for people and systems, one role each. */
export const command: CliCommand = {
  async run(args) {
    const [verb, ...rest] = args;
    if (verb !== 'create' && verb !== 'list' && verb !== 'revoke') {
      process.stderr.write(USAGE);
      return verb === undefined || verb === '--help' ? 0 : 2;
    }
    const dataSource = await openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, 2);
    const keys = new ApiKeyRepository(dataSource);
    try {
      if (verb === 'create') {
        const { values } = parseArgs({
          args: rest,
          options: { role: { type: 'string' }, name: { type: 'string' } },
        });
        const name = values.name ?? '';
        if (!isRole(values.role) || !/^[a-z0-9][a-z0-9._@+|:-]{0,99}$/.test(name)) {
          process.stderr.write(
            `pxr keys create: give --role (${ROLES.join(', ')}) and --name (a lower-case login)\n${USAGE}`,
          );
          return 2;
        }
        const issued = issueApiKey();
        await keys.create({
          id: issued.id,
          name,
          role: values.role,
          secretHash: issued.secretHash,
        });
        process.stdout.write(`${issued.key}\n`);
        process.stderr.write(`key ${issued.id} (${values.role}) created; it is shown only this once\n`);
        return 0;
      }
      if (verb === 'list') {
        for (const key of await keys.list()) {
          const state = key.revokedAt ? `revoked ${key.revokedAt}` : `last used ${key.lastUsedAt ?? 'never'}`;
          process.stdout.write(`${key.id}  ${key.role.padEnd(7)}  ${key.name}  (${state})\n`);
        }
        return 0;
      }
      const id = rest[0];
      if (id === undefined) {
        process.stderr.write(USAGE);
        return 2;
      }
      const revoked = await keys.revoke(id);
      process.stdout.write(revoked ? `key ${id} revoked\n` : `no active key ${id}\n`);
      return revoked ? 0 : 1;
    } finally {
      await dataSource.destroy();
    }
  },
};
