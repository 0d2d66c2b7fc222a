import { issueApiKey } from './api-key';
import { ApiKeyLookup, Authenticator } from './authenticator';
import { mayAct } from './roles';

function keyStore(
  entries: Array<{ id: string; role: 'ops' | 'agent'; secretHash: string; revoked?: boolean }>,
): ApiKeyLookup {
  return {
    findActive: async (id) => {
      const found = entries.find((entry) => entry.id === id && !entry.revoked);
      return found === undefined
        ? undefined
        : { id: found.id, name: `holder-${found.id}`, role: found.role, secretHash: found.secretHash };
    },
  };
}

describe('Authenticator', () => {
  const opsKey = issueApiKey();
  const revokedKey = issueApiKey();
  const bootstrap = 'bootstrap-admin-key-of-at-least-24-chars';
  const authenticator = new Authenticator(
    keyStore([
      { id: opsKey.id, role: 'ops', secretHash: opsKey.secretHash },
      { id: revokedKey.id, role: 'agent', secretHash: revokedKey.secretHash, revoked: true },
    ]),
    bootstrap,
    undefined,
  );

  it('knows an issued key by its role and never by its secret', async () => {
    expect(await authenticator.authenticate(`Bearer ${opsKey.key}`)).toEqual({
      id: `holder-${opsKey.id}`,
      roles: ['ops'],
      via: 'api-key',
    });
    // The secret is everything after `pxr_<id>_`; it may itself hold an underscore, even begin with one.
    const secret = opsKey.key.slice(`pxr_${opsKey.id}_`.length);
    expect(secret).toHaveLength(43);
    expect(opsKey.secretHash).not.toContain(secret);
  });

  it('accepts the bootstrap key as admin', async () => {
    expect(await authenticator.authenticate(`Bearer ${bootstrap}`)).toMatchObject({ roles: ['admin'] });
  });

  it.each([
    ['no header', undefined],
    ['a non-bearer scheme', `Basic ${opsKey.key}`],
    ['a tampered secret', `Bearer ${opsKey.key.slice(0, -1)}${opsKey.key.endsWith('A') ? 'B' : 'A'}`],
    ['a revoked key', `Bearer ${revokedKey.key}`],
    ['an unknown key id', `Bearer ${issueApiKey().key}`],
    ['garbage', 'Bearer hello'],
  ])('proves nothing with %s', async (_what, header) => {
    expect(await authenticator.authenticate(header)).toBeUndefined();
  });
});

describe('mayAct', () => {
  it.each([
    [['ops'], ['ops'], true],
    [['agent'], ['ops', 'leader'], false],
    [['admin'], ['auditor'], true],
    [['auditor'], [], false],
  ] as const)('%j may act where %j are allowed: %s', (roles, allowed, expected) => {
    expect(mayAct({ id: 'p', roles: [...roles], via: 'api-key' }, allowed)).toBe(expected);
  });
});
