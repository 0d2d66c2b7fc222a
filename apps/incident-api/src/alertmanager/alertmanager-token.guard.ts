import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * Alertmanager's `http_config.authorization` sends `Authorization: Bearer <token>`. With no token
 * configured the endpoint is open, for a local demo; in production set ALERTMANAGER_WEBHOOK_TOKEN.
 */
export const ALERTMANAGER_WEBHOOK_AUTH = Symbol('ALERTMANAGER_WEBHOOK_AUTH');

export interface AlertmanagerWebhookAuth {
  token: string | undefined;
}

@Injectable()
export class AlertmanagerTokenGuard implements CanActivate {
  private readonly expected: Buffer | undefined;

  constructor(@Inject(ALERTMANAGER_WEBHOOK_AUTH) auth: AlertmanagerWebhookAuth) {
    this.expected = auth.token === undefined ? undefined : digest(auth.token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.expected === undefined) return true;
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Comparing digests keeps the comparison constant-time whatever the length of what was sent.
    if (match !== null && timingSafeEqual(digest(match[1].trim()), this.expected)) return true;
    http.getResponse<Response>().setHeader('WWW-Authenticate', 'Bearer realm="alertmanager"');
    throw new UnauthorizedException('missing or wrong bearer token for the Alertmanager webhook');
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
