import { Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessConfig } from './access-config';
import { AccessGuard, METRICS_OPEN } from './access.guard';
import { ApiKeyLookup, Authenticator } from './authenticator';
import { OidcVerifier } from './oidc-verifier';

/** What an app module adds to protect every one of its routes. */
export function accessProviders(keys: ApiKeyLookup, config: AccessConfig): Provider[] {
  const oidc =
    config.OIDC_JWKS_URL === undefined
      ? undefined
      : new OidcVerifier(
          config.OIDC_JWKS_URL,
          config.OIDC_ISSUER,
          config.OIDC_AUDIENCE,
          config.OIDC_ROLES_CLAIM,
        );
  return [
    { provide: Authenticator, useValue: new Authenticator(keys, config.PXR_BOOTSTRAP_ADMIN_KEY, oidc) },
    { provide: METRICS_OPEN, useValue: !config.METRICS_REQUIRE_AUTH },
    { provide: APP_GUARD, useClass: AccessGuard },
  ];
}
