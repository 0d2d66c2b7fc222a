import {
  CanActivate,
  Inject,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Authenticator } from './authenticator';
import { mayAct, Principal, Role, ROLES } from './roles';

const ALLOWED_ROLES = 'pxr:allowed-roles';
const OPEN = 'pxr:open';
const METRICS = 'pxr:metrics';

/** The roles that may call a route or every route of a controller (admin always may). */
export const Allow = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);

/** A route anyone may call: `/health`, and provider webhooks, which check their own signatures. */
export const Open = () => SetMetadata(OPEN, true);

/** `/metrics`: open to Prometheus by default, or behind a key of any role when configured. */
export const MetricsEndpoint = () => SetMetadata(METRICS, true);

export const METRICS_OPEN = Symbol('METRICS_OPEN');

export type AuthenticatedRequest = Request & { principal?: Principal };

/**
 * Every route must say who may call it: a route with neither `@Allow` nor `@Open` is refused, so a
 * new endpoint cannot ship unprotected by accident.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    @Inject(METRICS_OPEN) private readonly metricsOpen: boolean,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(OPEN, targets)) return true;
    const metrics = this.reflector.getAllAndOverride<boolean>(METRICS, targets) ?? false;
    if (metrics && this.metricsOpen) return true;
    const allowed = metrics
      ? ROLES
      : this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets);
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(credentialsOf(request));
    if (principal === undefined) {
      const response = context.switchToHttp().getResponse<{ setHeader(name: string, value: string): void }>();
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException('a valid API key or bearer token is required');
    }
    if (allowed === undefined || !mayAct(principal, allowed)) {
      throw new ForbiddenException(`role ${principal.roles.join(', ')} may not do this`);
    }
    request.principal = principal;
    return true;
  }
}

export const SESSION_COOKIE = 'pxr_session';

/**
 * A bearer header, or for the console's pages (where EventSource cannot send headers) the HttpOnly,
 * SameSite=Strict session cookie that holds the same key.
 */
export function credentialsOf(request: Request): string | undefined {
  if (request.headers.authorization !== undefined) return request.headers.authorization;
  const cookie = request.headers.cookie
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`));
  return cookie === undefined
    ? undefined
    : `Bearer ${decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1))}`;
}
