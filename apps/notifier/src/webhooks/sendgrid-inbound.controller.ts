import { Body, Controller, HttpCode, Inject, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { AnyFilesInterceptor } from '@nestjs/platform-express';
import { Open } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { z } from 'zod';
import { ReceiveInboundEmail } from '../inbound/receive-inbound-email';
import { NotifierMetrics } from '../metrics';
import { InboundEmailGuard } from './inbound-email.guard';
import { CLOCK } from './webhook-tokens';

const parsedEmail = z.object({
  from: z.string().min(3).max(500),
  subject: z.string().max(1000).default(''),
  text: z.string().max(60_000).default(''),
  headers: z.string().max(60_000).default(''),
});

/** Replies to our emails, posted by SendGrid Inbound Parse as multipart form fields; attachments are dropped. */
@Controller('webhooks/sendgrid')
@Open()
export class SendGridInboundController {
  constructor(
    private readonly inbound: ReceiveInboundEmail,
    private readonly metrics: NotifierMetrics,
    @Inject(CLOCK) private readonly clock: () => Date,
  ) {}

  @Post('inbound')
  @HttpCode(204)
  @UseGuards(InboundEmailGuard)
  @UseInterceptors(AnyFilesInterceptor({ limits: { fileSize: 64 * 1024, files: 10 } }))
  async receive(
    @Body(new ZodValidationPipe(parsedEmail, 'inbound email')) body: z.infer<typeof parsedEmail>,
  ) {
    const outcome = await this.inbound.execute({ ...body, at: this.clock() });
    this.metrics.webhooks.inc({ endpoint: 'sendgrid-inbound', outcome });
  }
}
