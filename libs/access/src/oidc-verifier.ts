import { createRemoteJWKSet, jwtVerify } from 'jose';
import { isRole, Principal } from './roles';

/** Bearer tokens from the organisation's identity provider, checked against its published keys. */
export class OidcVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    jwksUrl: string,
    private readonly issuer: string | undefined,
    private readonly audience: string | undefined,
    private readonly rolesClaim: string,
  ) {
    this.keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 });
  }

  async verify(token: string): Promise<Principal | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.keys, { issuer: this.issuer, audience: this.audience });
      const claimed = payload[this.rolesClaim];
      const roles = (Array.isArray(claimed) ? claimed : [claimed]).filter(isRole);
      if (roles.length === 0 || typeof payload.sub !== 'string') return undefined;
      return { id: payload.sub.toLowerCase(), roles, via: 'oidc' };
    } catch {
      return undefined;
    }
  }
}
