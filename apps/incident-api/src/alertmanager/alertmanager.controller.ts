import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ZodValidationPipe } from '@pxr/observability';
import { AlertmanagerTokenGuard } from './alertmanager-token.guard';
import { AlertmanagerWebhook, alertmanagerWebhookSchema } from './alertmanager-payload';
import { ReceiveAlertNotification } from './receive-alert-notification';

/** 200 tells Alertmanager the notification is handled; it retries only on 5xx and network errors. */
@Controller('integrations')
export class AlertmanagerController {
  constructor(private readonly receive: ReceiveAlertNotification) {}

  @Post('alertmanager')
  @HttpCode(200)
  @UseGuards(AlertmanagerTokenGuard)
  notify(
    @Body(new ZodValidationPipe(alertmanagerWebhookSchema, 'Alertmanager webhook'))
    payload: AlertmanagerWebhook,
  ) {
    return this.receive.execute(payload);
  }
}
