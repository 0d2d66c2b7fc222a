import { Body, Controller, Header, HttpCode, Inject, Post, Query, UseGuards } from '@nestjs/common';
import { Open } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { z } from 'zod';
import { ApplyDeliveryReport } from '../delivery/apply-delivery-report';
import { twilioStatusReport } from '../delivery/twilio-status-report';
import { ReceiveInboundSms } from '../inbound/receive-inbound-sms';
import { NotifierMetrics } from '../metrics';
import { TwilioSignatureGuard } from './twilio-signature.guard';
import { CLOCK } from './webhook-tokens';

const sid = z.string().regex(/^[A-Z]{2}[0-9a-fA-F]{32}$/);
const statusCallback = z.object({
  MessageSid: sid,
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().max(10).optional(),
});
const inboundSms = z.object({
  MessageSid: sid,
  From: z.string().min(1).max(64),
  Body: z.string().max(1600).default(''),
  OptOutType: z.string().max(20).optional(),
});
const ourMessageId = new ZodValidationPipe(z.string().min(1).max(200).optional(), 'messageId');

/** An empty TwiML answer: Twilio's Advanced Opt-Out already replies to keywords, we add nothing. */
const NO_REPLY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** Twilio's status callbacks and inbound SMS; both signed, both idempotent (Twilio retries). */
@Controller('webhooks/twilio')
@Open()
@UseGuards(TwilioSignatureGuard)
export class TwilioWebhooksController {
  constructor(
    private readonly deliveries: ApplyDeliveryReport,
    private readonly inbound: ReceiveInboundSms,
    private readonly metrics: NotifierMetrics,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Post('status')
  @HttpCode(204)
  async status(
    @Body(new ZodValidationPipe(statusCallback, 'status callback')) body: z.infer<typeof statusCallback>,
    @Query('messageId', ourMessageId) messageId?: string,
  ): Promise<void> {
    const report = twilioStatusReport(body.MessageStatus, body.ErrorCode);
    const outcome =
      report === undefined
        ? 'ignored'
        : await this.deliveries.execute({
            messageId,
            providerMessageId: body.MessageSid,
            channel: 'sms',
            report,
            at: this.clock(),
          });
    this.metrics.webhooks.inc({ endpoint: 'twilio-status', outcome });
  }

  @Post('inbound')
  @HttpCode(200)
  @Header('content-type', 'text/xml; charset=utf-8')
  async receive(
    @Body(new ZodValidationPipe(inboundSms, 'inbound message')) body: z.infer<typeof inboundSms>,
  ): Promise<string> {
    const outcome = await this.inbound.execute({
      messageSid: body.MessageSid,
      from: body.From,
      body: body.Body,
      optOutType: body.OptOutType,
      at: this.clock(),
    });
    this.metrics.webhooks.inc({ endpoint: 'twilio-inbound', outcome });
    return NO_REPLY;
  }
}
