import { Controller, ForbiddenException, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { Open } from '@pxr/access';
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER } from '@pxr/channels';
import { ZodValidationPipe } from '@pxr/observability';
import type { Request } from 'express';
import { z } from 'zod';
import { ApplySendGridEvents } from '../delivery/apply-sendgrid-events';
import { NotifierMetrics } from '../metrics';
import { SendGridSignatureVerifier } from './sendgrid-signature';

const text = z.string().max(500).optional();
const sendGridEvents = z
  .array(
    z
      .object({
        event: z.string().min(1).max(40),
        email: text,
        timestamp: z.number().int().nonnegative().optional(),
        sg_message_id: text,
        sg_event_id: text,
        type: text,
        messageId: text,
        customerId: text,
      })
      .loose(),
  )
  .max(1000);
const eventsPipe = new ZodValidationPipe(sendGridEvents, 'event batch');

/** SendGrid's Signed Event Webhook: a JSON array of events, verified over the exact bytes received. */
@Controller('webhooks/sendgrid')
@Open()
export class SendGridWebhooksController {
  constructor(
    private readonly events: ApplySendGridEvents,
    private readonly verifier: SendGridSignatureVerifier,
    private readonly metrics: NotifierMetrics,
  ) {}

  @Post('events')
  @HttpCode(204)
  async receive(
    @Req() request: Request & { rawBody?: Buffer },
    @Headers(SENDGRID_SIGNATURE_HEADER.toLowerCase()) signature?: string,
    @Headers(SENDGRID_TIMESTAMP_HEADER.toLowerCase()) timestamp?: string,
  ): Promise<void> {
    if (
      !request.is('application/json') ||
      !(await this.verifier.verify(request.rawBody, signature, timestamp))
    ) {
      this.metrics.webhooks.inc({ endpoint: 'sendgrid-events', outcome: 'forbidden' });
      throw new ForbiddenException('the request does not carry a valid SendGrid signature');
    }
    const { applied, ignored } = await this.events.execute(eventsPipe.transform(request.body));
    this.metrics.webhooks.inc({ endpoint: 'sendgrid-events', outcome: 'applied' }, applied);
    this.metrics.webhooks.inc({ endpoint: 'sendgrid-events', outcome: 'ignored' }, ignored);
  }
}
