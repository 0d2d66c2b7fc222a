import { startProviderSimulator } from './simulator';

/** Standalone simulator for `npm start` and out-of-process test runs. */
async function main(): Promise<void> {
  const env = process.env;
  const webhookConcurrency = Number(env.SIMULATOR_WEBHOOK_CONCURRENCY || 8);
  if (!Number.isInteger(webhookConcurrency) || webhookConcurrency < 1) {
    throw new Error(`SIMULATOR_WEBHOOK_CONCURRENCY must be a whole number from 1, not ${webhookConcurrency}`);
  }
  const sim = await startProviderSimulator({
    port: Number(env.SIMULATOR_PORT || 4010),
    host: env.SIMULATOR_HOST,
    accountSid: env.TWILIO_ACCOUNT_SID || undefined,
    authToken: env.TWILIO_AUTH_TOKEN || undefined,
    twilioStatusCallbackUrl: env.SIMULATOR_TWILIO_WEBHOOK_URL || undefined,
    sendgridWebhookUrl: env.SIMULATOR_SENDGRID_WEBHOOK_URL || undefined,
    inboundSmsUrl: env.SIMULATOR_INBOUND_SMS_URL || undefined,
    webhookConcurrency,
  });
  console.log(
    `provider simulator listening on ${sim.url} (twilio callbacks: ${env.SIMULATOR_TWILIO_WEBHOOK_URL || 'per message'}, ` +
      `sendgrid events: ${env.SIMULATOR_SENDGRID_WEBHOOK_URL || 'off'}, inbound sms: ${env.SIMULATOR_INBOUND_SMS_URL || 'off'})`,
  );
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error('provider simulator failed to start:', err);
  process.exit(1);
});
