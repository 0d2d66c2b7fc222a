import { DynamicModule, Module } from '@nestjs/common';
import { AccessConfig, accessProviders } from '@pxr/access';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { KafkaHealthIndicator } from '@pxr/messaging';
import { AppMetrics, HEALTH_INDICATORS, OpsController } from '@pxr/observability';
import { ApiKeyRepository, DatabaseHealthIndicator } from '@pxr/persistence';
import { UnsubscribeByLink } from './consent/unsubscribe-by-link';
import { ApplyDeliveryReport } from './delivery/apply-delivery-report';
import { ApplySendGridEvents } from './delivery/apply-sendgrid-events';
import { ReceiveInboundEmail } from './inbound/receive-inbound-email';
import { ReceiveInboundSms } from './inbound/receive-inbound-sms';
import { NotifierMetrics } from './metrics';
import { UNSUBSCRIBE_SECRET, UnsubscribeController } from './unsubscribe/unsubscribe.controller';
import { INBOUND_EMAIL_PASSWORD, InboundEmailGuard } from './webhooks/inbound-email.guard';
import { SendGridInboundController } from './webhooks/sendgrid-inbound.controller';
import { SendGridSignatureVerifier } from './webhooks/sendgrid-signature';
import { SendGridWebhooksController } from './webhooks/sendgrid-webhooks.controller';
import { TwilioSignatureGuard } from './webhooks/twilio-signature.guard';
import { TwilioWebhooksController } from './webhooks/twilio-webhooks.controller';
import { CLOCK, TWILIO_WEBHOOK_AUTH, TwilioWebhookAuth } from './webhooks/webhook-tokens';

/** Everything the HTTP side needs, built in main.ts: the module wires, it does not construct. */
export interface NotifierDeps {
  readonly access: AccessConfig;
  readonly dataSource: DataSource;
  readonly kafka: Kafka;
  readonly metrics: AppMetrics;
  readonly notifierMetrics: NotifierMetrics;
  readonly deliveries: ApplyDeliveryReport;
  readonly inbound: ReceiveInboundSms;
  readonly inboundEmail: ReceiveInboundEmail;
  readonly inboundEmailPassword?: string;
  readonly sendGridEvents: ApplySendGridEvents;
  readonly sendGridVerifier: SendGridSignatureVerifier;
  readonly unsubscribe: UnsubscribeByLink;
  readonly twilioAuth: TwilioWebhookAuth;
  readonly unsubscribeSecret: string;
  readonly clock: () => Date;
}

@Module({})
export class NotifierModule {
  static with(deps: NotifierDeps): DynamicModule {
    return {
      module: NotifierModule,
      controllers: [
        OpsController,
        SendGridInboundController,
        SendGridWebhooksController,
        TwilioWebhooksController,
        UnsubscribeController,
      ],
      providers: [
        ...accessProviders(new ApiKeyRepository(deps.dataSource), deps.access),
        InboundEmailGuard,
        TwilioSignatureGuard,
        { provide: AppMetrics, useValue: deps.metrics },
        { provide: ApplyDeliveryReport, useValue: deps.deliveries },
        { provide: ApplySendGridEvents, useValue: deps.sendGridEvents },
        { provide: CLOCK, useValue: deps.clock },
        { provide: INBOUND_EMAIL_PASSWORD, useValue: deps.inboundEmailPassword },
        { provide: NotifierMetrics, useValue: deps.notifierMetrics },
        { provide: ReceiveInboundEmail, useValue: deps.inboundEmail },
        { provide: ReceiveInboundSms, useValue: deps.inbound },
        { provide: SendGridSignatureVerifier, useValue: deps.sendGridVerifier },
        { provide: TWILIO_WEBHOOK_AUTH, useValue: deps.twilioAuth },
        { provide: UNSUBSCRIBE_SECRET, useValue: deps.unsubscribeSecret },
        { provide: UnsubscribeByLink, useValue: deps.unsubscribe },
        {
          provide: HEALTH_INDICATORS,
          useValue: [new KafkaHealthIndicator(deps.kafka), new DatabaseHealthIndicator(deps.dataSource)],
        },
      ],
    };
  }
}
