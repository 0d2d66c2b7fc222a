import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  correlationOf,
  ProviderSimulatorOptions,
  RunningSimulator,
  startProviderSimulator,
} from '@pxr/channels';
import {
  NOTIFICATION_COMMAND_TYPES,
  NotificationRequested,
  newCloudEvent,
  TopicCatalogue,
  topicsWithPrefix,
} from '@pxr/contracts';
import { PostgresUnitOfWork } from '@pxr/persistence';
import { RunningApp, startApp } from '../../../test/support/app-process';
import { eventually } from '../../../test/support/eventually';
import { freePort } from '../../../test/support/free-port';
import { KafkaProbe, SeenRecord } from '../../../test/support/kafka-probe';
import { createTestDatabase, uniqueName } from '../../../test/support/test-database';
import { RecordNotificationCommand } from '../src/commands/record-notification-command';

export const ACCOUNT_SID = 'AC' + 'c3'.repeat(16);
export const AUTH_TOKEN = 'notifier-test-auth-token';
export const TWILIO_FROM = '+447700900123';
export const UNSUBSCRIBE_SECRET = 'notifier-test-unsubscribe-secret-0123456789';
export const INBOUND_PARSE_PASSWORD = 'notifier-test-inbound-parse';

export interface CustomerRow {
  customerId: string;
  phone?: string | null;
  email?: string | null;
  consentSms?: boolean;
  consentEmail?: boolean;
}

/** A command as the recovery engine would plan it; every field can be overridden. */
export function aCommand(
  overrides: Partial<NotificationRequested> & { customerId: string },
): NotificationRequested {
  const messageId = overrides.messageId ?? uniqueName('msg-');
  return {
    messageId,
    incidentIds: ['INC-NOTIFY-1'],
    kind: 'first-notice',
    channel: 'sms',
    fallbackChannel: 'email',
    locale: 'en-GB',
    content: {
      sms: {
        body: `Your broadband is down since 09:00. We are fixing it and will update you by 11:00. Ref ${messageId}`,
      },
      email: {
        subject: `Broadband problem in your area (${messageId})`,
        text: 'Your broadband is down since 09:00. We will update you by 11:00.',
        html: '<p>Your broadband is down since 09:00. We will update you by 11:00.</p>',
      },
    },
    plannedAt: new Date().toISOString(),
    ...overrides,
  };
}

/** Where a message stands when a case begins. */
export interface MessageAt {
  readonly id: string;
  readonly channel?: 'sms' | 'email';
  readonly fallback?: 'email';
  readonly state: string;
  /** Left as recorded (0) when absent. */
  readonly attempts?: number;
  readonly providerMessageId?: string;
  readonly sentAt?: Date;
}

/**
 * Records each message from its command as the notifier would (customer C1), then moves it to where the
 * case needs it: the states a case starts from are reached by sends and callbacks, not by commands.
 */
export async function recordMessagesAt(
  dataSource: DataSource,
  messages: readonly MessageAt[],
  now: Date,
): Promise<void> {
  const commands = messages.map(({ id, channel, fallback }) =>
    newCloudEvent({
      id: `command-${id}`,
      source: 'urn:test:recovery-engine',
      type: NOTIFICATION_COMMAND_TYPES.requested,
      time: now,
      subject: 'C1',
      data: aCommand({
        messageId: id,
        customerId: 'C1',
        channel: channel ?? 'sms',
        fallbackChannel: fallback,
      }),
    }),
  );
  const record = new RecordNotificationCommand(() => now);
  await new PostgresUnitOfWork(dataSource).transaction((tx) => record.executeChunk(commands, tx));
  for (const { id, state, attempts, providerMessageId, sentAt } of messages) {
    await dataSource.query(
      `UPDATE messages SET state = $2, attempts = coalesce($3, attempts), provider_message_id = $4, sent_at = $5
        WHERE message_id = $1`,
      [id, state, attempts ?? null, providerMessageId ?? null, sentAt ?? null],
    );
  }
}

/**
 * The notifier as a process against the real broker, a database of its own, topics under a prefix
 * of its own, and the provider simulator in this test process (so the test can count what it got).
 */
export class NotifierHarness {
  readonly prefix = uniqueName('it-notify-') + '.';
  readonly topics: TopicCatalogue = topicsWithPrefix(this.prefix);
  readonly groupId = uniqueName('notifier-');
  sim!: RunningSimulator;
  db!: Client;
  notifier!: RunningApp;
  probe!: KafkaProbe;
  outcomes!: SeenRecord[];
  private database!: { url: string; drop(): Promise<void> };
  private port = 0;
  private env: Record<string, string> = {};

  async start(
    env: Record<string, string> = {},
    simulator: ProviderSimulatorOptions = {},
  ): Promise<NotifierHarness> {
    this.database = await createTestDatabase();
    this.port = await freePort();
    const baseUrl = `http://127.0.0.1:${this.port}`;
    this.sim = await startProviderSimulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      sendgridWebhookUrl: `${baseUrl}/webhooks/sendgrid/events`,
      inboundSmsUrl: `${baseUrl}/webhooks/twilio/inbound`,
      webhookRetryBaseMs: 50,
      ...simulator,
    });
    this.env = {
      DATABASE_URL: this.database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: this.prefix,
      NOTIFIER_GROUP_ID: this.groupId,
      NOTIFIER_PUBLIC_URL: baseUrl,
      NOTIFIER_RETRY_BASE_MS: '100',
      NOTIFIER_RETRY_MAX_MS: '1000',
      NOTIFIER_SWEEP_INTERVAL_MS: '200',
      NOTIFIER_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
      SENDGRID_API_BASE_URL: this.sim.url,
      SENDGRID_API_KEY: 'SG.notifier-test',
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_INBOUND_PARSE_PASSWORD: INBOUND_PARSE_PASSWORD,
      SENDGRID_RATE_PER_SECOND: '500',
      SENDGRID_REPLY_TO: 'replies@pxr.example',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_API_BASE_URL: this.sim.url,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM,
      TWILIO_RATE_PER_SECOND: '500',
      ...env,
    };
    await this.startNotifier();
    this.db = new Client({ connectionString: this.database.url });
    await this.db.connect();
    this.probe = new KafkaProbe(process.env.KAFKA_BROKERS!);
    this.outcomes = await this.probe.collect(this.topics.notificationEvents.name);
    return this;
  }

  async startNotifier(): Promise<void> {
    this.notifier = await startApp('notifier', this.port, this.env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    await this.probe?.close();
    await this.db?.end();
    await this.notifier?.stop();
    await this.sim?.close();
    await this.database?.drop();
  }

  async addCustomers(customers: readonly CustomerRow[]): Promise<void> {
    await this.db.query(
      `INSERT INTO customers (customer_id, name, phone, email, locale, time_zone, preferred_channel, tier,
                              consent_sms, consent_email, version_at)
       SELECT id, 'Test Customer', phone, email, 'en-GB', 'Europe/London', 'sms', 'standard', sms, mail, now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::boolean[]) AS c (id, phone, email, sms, mail)`,
      [
        customers.map((c) => c.customerId),
        customers.map((c) => (c.phone === undefined ? `+1555${String(Math.random()).slice(2, 9)}` : c.phone)),
        customers.map((c) => (c.email === undefined ? `${c.customerId.toLowerCase()}@example.com` : c.email)),
        customers.map((c) => c.consentSms ?? true),
        customers.map((c) => c.consentEmail ?? true),
      ],
    );
  }

  /** Produces the command as a CloudEvent, the way the engine's outbox relay would. */
  async send(command: NotificationRequested, eventId: string = randomUUID()): Promise<string> {
    const event = newCloudEvent({
      id: eventId,
      source: 'urn:test:recovery-engine',
      type: NOTIFICATION_COMMAND_TYPES.requested,
      time: new Date(),
      subject: command.customerId,
      data: command,
    });
    await this.probe.produce(
      this.topics.notificationCommands.name,
      command.customerId,
      JSON.stringify(event),
    );
    return eventId;
  }

  /** How many provider messages (SMS and email) the simulator accepted for each of our message ids. */
  providerCopies(): Map<string, number> {
    const copies = new Map<string, number>();
    for (let index = 0; index < this.sim.store.size; index++) {
      const messageId = correlationOf(this.sim.store.get(index)).messageId ?? '(none)';
      copies.set(messageId, (copies.get(messageId) ?? 0) + 1);
    }
    return copies;
  }

  providerMessages(messageId: string) {
    return this.sim.store.select({ where: (m) => correlationOf(m).messageId === messageId }, { limit: 100 })
      .rows;
  }

  async message(messageId: string): Promise<Record<string, unknown> | undefined> {
    const { rows } = await this.db.query(
      `SELECT message_id, state, channel, fallback_used, provider_message_id, attempts, last_error_code, next_attempt_at
       FROM messages WHERE message_id = $1`,
      [messageId],
    );
    return rows[0];
  }

  untilState(messageId: string, states: readonly string[], timeoutMs = 30_000) {
    return eventually(
      `${messageId} to reach ${states.join(' or ')}`,
      () => this.message(messageId),
      (row) => row !== undefined && states.includes(String(row.state)),
      { timeoutMs, intervalMs: 100 },
    );
  }

  /** Outcome events (distinct by id) about one message, as CloudEvents. */
  outcomesOf(messageId: string): Array<{ id: string; type: string; data: Record<string, unknown> }> {
    const seen = new Map<string, { id: string; type: string; data: Record<string, unknown> }>();
    for (const record of this.outcomes) {
      const event = JSON.parse(record.value ?? '{}') as {
        id: string;
        type: string;
        data: Record<string, unknown>;
      };
      if (event.data?.messageId === messageId) seen.set(event.id, event);
    }
    return [...seen.values()];
  }
}
