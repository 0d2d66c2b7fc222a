import { timingSafeEqual } from 'node:crypto';
import { parseApiKey, secretMatches } from './api-key';
import { OidcVerifier } from './oidc-verifier';
import { Principal, Role } from './roles';

/** Where stored API keys are found; implemented over Postgres by the persistence lib. */
export interface ApiKeyLookup {
  findActive(id: string): Promise<{ id: string; name: string; role: Role; secretHash: string } | undefined>;
  touch?(id: string): Promise<void>;
}

/** Turns an `Authorization` header into a principal, or undefined when it proves nothing. */
export class Authenticator {
  constructor(
    private readonly keys: ApiKeyLookup,
    private readonly bootstrapAdminKey: string | undefined,
    private readonly oidc: OidcVerifier | undefined,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    if (this.bootstrapAdminKey !== undefined && sameText(token, this.bootstrapAdminKey)) {
      return { id: 'bootstrap-admin', roles: ['admin'], via: 'bootstrap-key' };
    }
    const apiKey = parseApiKey(token);
    if (apiKey !== undefined) {
      const stored = await this.keys.findActive(apiKey.id);
      if (stored === undefined || !secretMatches(apiKey.secret, stored.secretHash)) return undefined;
      void this.keys.touch?.(stored.id);
      // The key's holder is who acted: ledger approvals and personal-data lookups record this name.
      return { id: stored.name, roles: [stored.role], via: 'api-key' };
    }
    return this.oidc?.verify(token);
  }
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
