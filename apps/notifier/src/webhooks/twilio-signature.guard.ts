import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import twilio from 'twilio';
import { NotifierMetrics } from '../metrics';
import { TWILIO_WEBHOOK_AUTH, TwilioWebhookAuth } from './webhook-tokens';

/**
 * Refuses (403) any Twilio webhook whose X-Twilio-Signature does not match our auth token over the
 * public URL it was sent to plus its form parameters: unsigned, tampered, or meant for someone else.
 */
@Injectable()
export class TwilioSignatureGuard implements CanActivate {
  constructor(
    @Inject(TWILIO_WEBHOOK_AUTH) private readonly auth: TwilioWebhookAuth,
    private readonly metrics: NotifierMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const signature = request.header('x-twilio-signature');
    // Twilio signs form parameters only: a body of another type would be read but not covered.
    const isForm = request.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
    const form = (request.body ?? {}) as Record<string, unknown>;
    const url = `${this.auth.publicUrl}${request.originalUrl}`;
    if (
      signature === undefined ||
      !isForm ||
      !twilio.validateRequest(this.auth.authToken, signature, url, form)
    ) {
      this.metrics.webhooks.inc({ endpoint: request.path.replace(/^.*\//, 'twilio-'), outcome: 'forbidden' });
      throw new ForbiddenException('the request does not carry a valid Twilio signature');
    }
    return true;
  }
}
