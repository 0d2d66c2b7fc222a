import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { RunningSimulator, startProviderSimulator } from '@pxr/channels';
import { TopicCatalogue, topicsWithPrefix } from '@pxr/contracts';
import { customerMatchesScope, IncidentScope, ScopedCustomer } from '@pxr/domain';
import { openDatabase } from '@pxr/persistence';
import { AppName, RunningApp, startApp } from '../../support/app-process';
import { freePort } from '../../support/free-port';
import { insertCustomerSeries, OUTCODES, REGIONS, SERVICES } from '../../support/seed-directory';
import { createTestDatabase } from '../../support/test-database';
import { countOutcomes, Expectation, FaultOutcomes } from './fault-outcomes';
import { FaultKafka } from './fault-kafka';
import { waitUntilQuiescent } from './fault-quiescence';

/**
 * The fault suite's whole system: a fresh database, a topic prefix of its own, the provider simulator
 * and the PXR apps as real processes, with the means to seed, drive, break and count it.
 *
 *   const system = await startFaultSystem({ apps: ['recovery-engine', 'notifier'] });
 *   const customers = await system.seedCustomers(1000);
 *   await system.incidents.raise('INC-1', { scope: { services: ['broadband'] } });
 *   await system.kill('notifier');  await system.start('notifier');
 *   await system.quiescent();
 *   const outcomes = await system.countOutcomes({ notices: [{ kind: 'first-notice', customers: ids }] });
 *   await system.close();
 */
export interface FaultSystemOptions {
  /** Apps started at once, in this order; default the engine and the notifier. */
  readonly apps?: readonly AppName[];
  /** Environment per app over the harness's defaults (see APP_DEFAULTS); kept for every restart. */
  readonly env?: Partial<Record<AppName, Record<string, string>>>;
  /** false: the simulator posts no delivery webhooks (lighter at scale; notices stay `sent`). */
  readonly webhooks?: boolean;
}

/** One process of an app; several of one app may run at once (scale-out), all in one consumer group. */
export interface AppInstance {
  readonly name: AppName;
  readonly port: number;
  readonly process: RunningApp;
}

/** For the hooks that start and close a system: five processes and a broker on a busy machine. */
export const SYSTEM_TIMEOUT_MS = 300_000;

const ACCOUNT_SID = 'AC' + 'fa'.repeat(16);
const AUTH_TOKEN = 'fault-suite-auth-token';
const SOURCE = 'urn:pxr:fault-suite';

/**
 * Fast but faithful: background loops poll often so a run settles in seconds, every message goes now
 * whatever the hour (quiet hours off), and the notifier retries on a compressed clock.
 */
const APP_DEFAULTS: Record<AppName, Record<string, string>> = {
  'recovery-engine': {
    RECOVERY_ENGINE_COMMITMENT_POLL_MS: '200',
    RECOVERY_ENGINE_COMMUNICATE_IDLE_MS: '50',
    RECOVERY_ENGINE_COMMUNICATE_SETTLE_MS: '200',
    RECOVERY_ENGINE_COMPENSATE_IDLE_MS: '200',
    RECOVERY_ENGINE_IDENTIFY_IDLE_MS: '50',
    RECOVERY_ENGINE_QUIET_HOURS: 'off',
  },
  notifier: {
    NOTIFIER_RETRY_BASE_MS: '200',
    NOTIFIER_RETRY_MAX_MS: '2000',
    NOTIFIER_SWEEP_INTERVAL_MS: '250',
    SENDGRID_API_KEY: 'SG.fault-suite',
    SENDGRID_RATE_PER_SECOND: '1000',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_RATE_PER_SECOND: '1000',
  },
  'incident-api': {},
  console: {},
};

/** The consumer group each consuming app joins, so quiescence can read its lag. */
export type GroupIds = Readonly<Partial<Record<AppName, string>>>;

export async function startFaultSystem(options: FaultSystemOptions = {}): Promise<FaultSystem> {
  const database = await createTestDatabase();
  // Migrations first, so the directory can be seeded before any app starts.
  await (await openDatabase(database.url, 2)).destroy();
  const db = new Client({ connectionString: database.url });
  await db.connect();
  const ports = new Map<AppName, number>();
  for (const name of ['recovery-engine', 'notifier', 'incident-api', 'console'] as const) {
    ports.set(name, await freePort());
  }
  const notifierUrl = `http://127.0.0.1:${ports.get('notifier')}`;
  const sim = await startProviderSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    sendgridWebhookUrl: `${notifierUrl}/webhooks/sendgrid/events`,
    webhooks: options.webhooks ?? true,
    webhookRetryBaseMs: 50,
  });
  const prefix = `fault-${randomBytes(4).toString('hex')}.`;
  const kafka = new FaultKafka(process.env.KAFKA_BROKERS!, topicsWithPrefix(prefix));
  await kafka.provision();
  const system = new FaultSystem(database, db, sim, kafka, ports, prefix, options);
  try {
    await kafka.deadLetters.start();
    for (const name of options.apps ?? ['recovery-engine', 'notifier']) await system.start(name);
  } catch (error) {
    await system.close();
    throw error;
  }
  return system;
}

export class FaultSystem {
  readonly topics: TopicCatalogue;
  readonly groups: GroupIds;
  /** Incident events as an outside producer sends them: plain CloudEvents, keyed by incident. */
  readonly incidents: IncidentEvents;
  /** Customer upserts as a CRM sends them, keyed by customer. */
  readonly customers: CustomerEvents;
  private readonly instances: AppInstance[] = [];
  private readonly env: Record<AppName, Record<string, string>>;

  constructor(
    private readonly database: { url: string; drop(): Promise<void> },
    /** The system's own database, for a scenario's own queries. */
    readonly db: Client,
    /** The provider simulator (in this process); its control API is at `sim.url` + `/_sim/…`. */
    readonly sim: RunningSimulator,
    private readonly kafka: FaultKafka,
    private readonly homePorts: ReadonlyMap<AppName, number>,
    /** The KAFKA_TOPIC_PREFIX every app of this system runs with. */
    readonly prefix: string,
    options: FaultSystemOptions,
  ) {
    this.topics = kafka.topics;
    const suffix = randomBytes(4).toString('hex');
    this.groups = { 'recovery-engine': `fault-engine-${suffix}`, notifier: `fault-notifier-${suffix}` };
    const notifierUrl = `http://127.0.0.1:${homePorts.get('notifier')}`;
    const common = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
      KAFKA_TOPIC_PREFIX: prefix,
      NOTIFIER_UNSUBSCRIBE_SECRET: 'fault-suite-unsubscribe-secret-0123456789',
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_REPLY_TO: 'replies@pxr.example',
    };
    const own: Record<AppName, Record<string, string>> = {
      'recovery-engine': {
        RECOVERY_ENGINE_GROUP_ID: this.groups['recovery-engine']!,
        RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL: `${notifierUrl}/unsubscribe`,
      },
      notifier: {
        NOTIFIER_GROUP_ID: this.groups.notifier!,
        NOTIFIER_PUBLIC_URL: notifierUrl,
        SENDGRID_API_BASE_URL: sim.url,
        TWILIO_API_BASE_URL: sim.url,
      },
      'incident-api': {},
      console: {},
    };
    const env = {} as Record<AppName, Record<string, string>>;
    for (const name of Object.keys(APP_DEFAULTS) as AppName[]) {
      env[name] = { ...common, ...APP_DEFAULTS[name], ...own[name], ...options.env?.[name] };
    }
    this.env = env;
    this.incidents = new IncidentEvents(kafka, this.topics.incidentEvents.name);
    this.customers = new CustomerEvents(kafka, this.topics.customerEvents.name);
  }

  /** Events produced through this system so far (good and poison): the table's "events in". */
  get eventsIn(): number {
    return this.kafka.produced;
  }

  /**
   * Starts one more process of an app with the system's environment (plus `env`). The first live one
   * gets the app's home port, so provider webhooks and links keep working across a restart.
   */
  async start(name: AppName, env: Record<string, string> = {}): Promise<AppInstance> {
    const home = this.homePorts.get(name)!;
    const port = this.live(name).some((instance) => instance.port === home) ? await freePort() : home;
    const instance = { name, port, process: await startApp(name, port, { ...this.env[name], ...env }) };
    this.instances.push(instance);
    return instance;
  }

  /**
   * Stops every live process of the app: SIGKILL by default, the crash the suite is about. To stop one
   * process of several, call `stop(signal)` on the `process` of the instance `start` returned.
   */
  async kill(name: AppName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await Promise.all(this.live(name).map((instance) => instance.process.stop(signal)));
  }

  /** Live processes of an app, oldest first. */
  live(name: AppName): AppInstance[] {
    return this.instances.filter(
      (instance) =>
        instance.name === name &&
        instance.process.process.exitCode === null &&
        instance.process.process.signalCode === null,
    );
  }

  /** The base URL of the app's oldest live process. */
  url(name: AppName): string {
    const instance = this.live(name)[0];
    if (instance === undefined) throw new Error(`no live ${name}`);
    return instance.process.baseUrl;
  }

  /** What every process of the app wrote, for a failing scenario's message. */
  output(name: AppName): string {
    return this.instances
      .filter((instance) => instance.name === name)
      .map((instance) => instance.process.output())
      .join('\n');
  }

  /**
   * Times a consumer of this system lost its place in its group (kafkajs logs "not aware of this
   * member" when a commit is refused for it): after a kill that is the dead process's business, never
   * the live one's.
   */
  evictions(): number {
    return this.instances.reduce(
      (n, instance) => n + instance.process.output().split('not aware of this member').length - 1,
      0,
    );
  }

  /**
   * `count` reachable customers (ids `<idPrefix>00000001`…), one subscription each: service i % 3,
   * region i % 4, outcode i % 6. Every one has a phone and an email and consented to both; even ones
   * prefer email, odd ones SMS, so both providers carry traffic.
   */
  async seedCustomers(count: number, idPrefix = 'FAULT-'): Promise<ScopedCustomer[]> {
    await insertCustomerSeries(this.db, count, idPrefix);
    await this.db.query(
      `UPDATE customers SET phone = '+447700' || lpad(right(customer_id, 8)::int::text, 6, '0'),
              email = lower(customer_id) || '@example.com', consent_sms = true, consent_email = true,
              preferred_channel = CASE WHEN right(customer_id, 8)::int % 2 = 0 THEN 'email' ELSE 'sms' END
        WHERE customer_id LIKE $1 || '%'`,
      [idPrefix],
    );
    await this.db.query(`ANALYZE customers; ANALYZE customer_subscriptions`);
    return seriesDirectory(count, idPrefix);
  }

  /** Waits until no work is left anywhere (see fault-quiescence.ts); the error names what is pending. */
  quiescent(options: { timeoutMs?: number } = {}): Promise<void> {
    const started = (name: AppName) => this.instances.some((instance) => instance.name === name);
    // Only the groups of apps that ever ran: an app never started has nothing to catch up on.
    const groups = Object.fromEntries(
      Object.entries(this.groups).filter(([name]) => started(name as AppName)),
    ) as GroupIds;
    return waitUntilQuiescent(
      { db: this.db, simUrl: this.sim.url, lag: () => this.kafka.lag(groups), started },
      options,
    );
  }

  /** What came out, against what the rules call for (see fault-outcomes.ts). */
  countOutcomes(expectation: Expectation): Promise<FaultOutcomes> {
    return countOutcomes(
      { db: this.db, simUrl: this.sim.url, deadLetters: this.kafka.deadLetters, eventsIn: this.eventsIn },
      expectation,
    );
  }

  /** Produces any bytes to any topic of the system (poison records): counted in eventsIn. */
  produceRaw(topic: string, key: string | null, value: string | Buffer | null): Promise<void> {
    return this.kafka.produce(topic, key, value);
  }

  async close(): Promise<void> {
    if (process.env.PXR_FAULT_DEBUG) {
      for (const name of new Set(this.instances.map((instance) => instance.name))) {
        process.stderr.write(`--- ${name} ---\n${this.output(name).slice(-5000)}\n`);
      }
    }
    for (const instance of this.instances) await instance.process.stop();
    await this.kafka.close();
    await this.db.end().catch(() => undefined);
    await this.sim.close();
    await this.database.drop();
  }
}

export interface IncidentFields {
  /** The CloudEvent id; a fresh one by default. Give the same id twice for a redelivery. */
  readonly id?: string;
  /** The CloudEvent time, which orders an incident's events; now by default. */
  readonly at?: Date;
}

export class IncidentEvents {
  constructor(
    private readonly kafka: FaultKafka,
    private readonly topic: string,
  ) {}

  raise(
    incidentId: string,
    fields: IncidentFields & { scope: Partial<IncidentScope>; severity?: string; [more: string]: unknown },
  ): Promise<string> {
    const { id, at = new Date(), scope, severity = 'major', ...more } = fields;
    return this.send(
      incidentId,
      'pxr.incident.identified',
      { id, at },
      {
        title: 'Broadband outage',
        severity,
        startedAt: at.toISOString(),
        customerImpact: 'Your broadband may not work.',
        scope: { services: [], regions: [], postcodePrefixes: [], customerIds: [], ...scope },
        ...more,
      },
    );
  }

  update(incidentId: string, fields: IncidentFields & Record<string, unknown>): Promise<string> {
    const { id, at, ...data } = fields;
    return this.send(incidentId, 'pxr.incident.updated', { id, at: at as Date | undefined }, data);
  }

  resolve(incidentId: string, fields: IncidentFields = {}): Promise<string> {
    return this.send(incidentId, 'pxr.incident.resolved', fields, {});
  }

  /** Any incident event type; answers the event id. */
  async send(
    incidentId: string,
    type: string,
    { id = randomUUID(), at = new Date() }: IncidentFields,
    data: Record<string, unknown>,
  ): Promise<string> {
    await this.kafka.produce(
      this.topic,
      incidentId,
      JSON.stringify(envelope(id, type, at, { incidentId, ...data })),
    );
    return id;
  }
}

export class CustomerEvents {
  constructor(
    private readonly kafka: FaultKafka,
    private readonly topic: string,
  ) {}

  /** A `pxr.customer.upserted` with a reachable customer's details, over which `data` may write. */
  async upsert(customerId: string, data: Record<string, unknown> = {}, at = new Date()): Promise<string> {
    const id = randomUUID();
    const body = {
      customerId,
      name: `Customer ${customerId}`,
      phone: '+447911123456',
      email: `${customerId.toLowerCase()}@example.com`,
      preferredChannel: 'sms',
      consents: { sms: true, email: true },
      subscriptions: [],
      ...data,
    };
    await this.kafka.produce(
      this.topic,
      customerId,
      JSON.stringify(envelope(id, 'pxr.customer.upserted', at, body)),
    );
    return id;
  }
}

function envelope(id: string, type: string, at: Date, data: Record<string, unknown>) {
  return { specversion: '1.0', id, source: SOURCE, type, time: at.toISOString(), data };
}

/** The directory seedCustomers wrote, rebuilt here so the domain can say who a scope touches. */
function seriesDirectory(count: number, idPrefix: string): ScopedCustomer[] {
  return Array.from({ length: count }, (_, index) => {
    const i = index + 1;
    return {
      customerId: `${idPrefix}${String(i).padStart(8, '0')}`,
      subscriptions: [
        { service: SERVICES[i % 3], region: REGIONS[i % 4], postcode: `${OUTCODES[i % 6]}${i % 10}AB` },
      ],
    };
  });
}

/** The ids of the customers a scope touches, by the domain's own rule. */
export function affectedBy(customers: readonly ScopedCustomer[], scope: Partial<IncidentScope>): string[] {
  const full: IncidentScope = { services: [], regions: [], postcodePrefixes: [], customerIds: [], ...scope };
  return customers.filter((customer) => customerMatchesScope(customer, full)).map((c) => c.customerId);
}
