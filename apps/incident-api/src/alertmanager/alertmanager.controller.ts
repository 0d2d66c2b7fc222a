import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { Allow } from '@pxr/access';
import { ZodValidationPipe } from '@pxr/observability';
import { AlertmanagerWebhook, alertmanagerWebhookSchema } from './alertmanager-payload';
import { ReceiveAlertNotification } from './receive-alert-notification';

/**
 * 200 tells Alertmanager the notification is handled; it retries only on 5xx and network errors.
 * Alertmanager authenticates with an ops API key (`http_config.authorization.credentials`).
 */
@Controller('integrations')
export class AlertmanagerController {
  constructor(private readonly receive: ReceiveAlertNotification) {}

  @Post('alertmanager')
  @HttpCode(200)
  @Allow('ops')
  notify(
    @Body(new ZodValidationPipe(alertmanagerWebhookSchema, 'Alertmanager webhook'))
    payload: AlertmanagerWebhook,
  ) {
    return this.receive.execute(payload);
  }
}
