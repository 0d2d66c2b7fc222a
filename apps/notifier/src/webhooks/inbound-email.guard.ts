import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { NotifierMetrics } from '../metrics';

export const INBOUND_EMAIL_PASSWORD = Symbol('INBOUND_EMAIL_PASSWORD');

/**
 * SendGrid's Inbound Parse does not sign its posts; the URL configured there carries basic-auth
 * credentials (https://parse:<password>@host/…) and this guard checks the password. Unset: refused.
 */
@Injectable()
export class InboundEmailGuard implements CanActivate {
  constructor(
    @Inject(INBOUND_EMAIL_PASSWORD) private readonly password: string | undefined,
    private readonly metrics: NotifierMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().header('authorization') ?? '';
    const decoded = header.startsWith('Basic ')
      ? Buffer.from(header.slice(6), 'base64').toString('utf8')
      : '';
    const given = Buffer.from(decoded.slice(decoded.indexOf(':') + 1));
    const expected = Buffer.from(this.password ?? '');
    const ok =
      this.password !== undefined &&
      decoded.includes(':') &&
      given.length === expected.length &&
      timingSafeEqual(given, expected);
    if (!ok) {
      this.metrics.webhooks.inc({ endpoint: 'sendgrid-inbound', outcome: 'forbidden' });
      throw new ForbiddenException('inbound email needs the configured credentials');
    }
    return true;
  }
}
