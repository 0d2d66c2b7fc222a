import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel, Message } from 'kafkajs';
import { Client } from 'pg';
import { DEFAULT_FAKE_SERVICES } from '@pxr/persistence';
import { topicsWithPrefix } from '@pxr/contracts';
import { freePort } from '../test/support/free-port';
import { moveThroughKafka } from './baselines/kafka';
import { copyOutboxRows, insertAffectedSet } from './baselines/postgres';
import { kafkaHopThenAccept, ProviderSamples, rawAccept } from './baselines/provider';
import { FAN_OUT_INCIDENT, measureFanOut } from './phases/fan-out';
import { measureFirstNotice, smallIncidents } from './phases/first-notice';
import { measureIngest, noteUpdates } from './phases/ingest';
import { BenchReport, compare, printReport, writeReport } from './report';
import {
  appSettings,
  connect,
  dropDatabase,
  freshDatabase,
  generateDirectory,
  provideKafka,
  ROOT,
  RunningApps,
  startApps,
  startSimulator,
} from './support/environment';
import { autovacuumForTheRun } from './support/autovacuum';
import { IncidentEvents } from './support/incident-events';
import { loadNow, machineFacts } from './support/machine';
import { MemorySampler } from './support/memory-sampler';
import { readOptions } from './support/options';
import { SimulatorLog } from './support/simulator-log';

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/**
 * `npm run bench [-- --quick]`: a million-customer incident (100,000 with --quick) measured on this
 * machine against bare baselines on the same data. Starts and stops everything it uses.
 */
async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const startedAt = new Date();
  const services = [...DEFAULT_FAKE_SERVICES];
  const cleanups: Array<() => unknown> = [];
  let cleaning: Promise<void> | undefined;
  // One clean-up however often asked (Ctrl-C and the failing run it interrupts both ask).
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          say(`clean-up step failed: ${(error as Error).message}`);
        }
      }
    })());
  // Ctrl-C still stops what the run started: apps, simulators, its topics and database, a broker it started.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      say(`${signal}: stopping what this run started`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  try {
    const kafka = provideKafka();
    cleanups.push(() => kafka.stop());
    say(`Kafka: ${kafka.describe}`);
    const databaseUrl = await freshDatabase();
    if (!options.keepDatabase) cleanups.push(() => dropDatabase(databaseUrl));
    say(`generating ${options.customers} customers into a fresh pxr_bench with \`pxr customers generate\``);
    const generateStarted = Date.now();
    const cli = generateDirectory(databaseUrl, options.customers);
    const generatedInMs = Date.now() - generateStarted;
    say(cli);
    const db = await connect(databaseUrl);
    cleanups.push(() => db.end());
    await db.query('ANALYZE');
    const autovacuum = await autovacuumForTheRun(db, say, options.leaveAutovacuum);
    if (autovacuum.restore !== undefined) cleanups.push(autovacuum.restore);
    const machine = await machineFacts(db, kafka.describe, autovacuum.described);

    const notifierPort = await freePort();
    const simulator = await startSimulator(`http://127.0.0.1:${notifierPort}`);
    cleanups.push(() => simulator.stop());
    const settings = appSettings();
    const runDir = join(ROOT, 'bench', 'results', 'runs', startedAt.toISOString().replace(/[:.]/g, '-'));
    const profile = { apps: options.profile, dir: runDir };
    const apps = await startApps(
      { databaseUrl, brokers: kafka.brokers, notifierPort, simulatorUrl: simulator.url },
      settings,
      profile,
    );
    cleanups.push(() => apps.stop());
    say(`apps up (topic prefix ${apps.prefix}); simulator at ${simulator.url}`);
    const memory = new MemorySampler();
    memory.watch('recovery-engine', apps.engine.process.pid!);
    memory.watch('notifier', apps.notifier.process.pid!);
    memory.watch('simulator', simulator.pid);
    memory.start();

    process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
    const client = new Kafka({
      clientId: 'pxr-bench',
      brokers: kafka.brokers.split(','),
      logLevel: logLevel.ERROR,
    });
    const admin = client.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    cleanups.push(() => deleteTopics(admin, apps.prefix));
    const events = new IncidentEvents(client, apps.prefix);
    await events.connect();
    cleanups.push(() => events.disconnect());

    memory.enter('first notice');
    const incidents = smallIncidents(options.smallIncidents, options.customers);
    say(`first notice: ${incidents.length} small incidents, one after another`);
    const firstNotice = await measureFirstNotice(incidents, events, new SimulatorLog(simulator.url), db, say);

    memory.enter('ingest');
    say(`ingest: ${options.updates} incident updates as fast as possible`);
    const updates = noteUpdates(
      events,
      incidents.map((incident) => incident.incidentId),
      options.updates,
    );
    const ingest = await measureIngest(events, updates, db, 900_000);
    say(`ingest: ${ingest.eventsPerSecond} events/s`);

    memory.enter('fan-out');
    say(`fan-out: one incident touching all ${options.customers} customers`);
    const topics = topicsWithPrefix(apps.prefix);
    const fanOut = await measureFanOut({
      events,
      db,
      admin,
      notifierGroup: `${apps.prefix}notifier`,
      commandsTopic: topics.notificationCommands.name,
      simulatorUrl: simulator.url,
      services,
      timeoutMs: options.fanOutTimeoutMinutes * 60_000,
      progress: say,
      onResolving: () => memory.enter('compensation'),
    });
    const peaks = memory.finish();
    const samples = await providerSamples(db);
    say('stopping the apps and the simulator; baselines run on a quiet machine');
    await apps.stop();
    await simulator.stop();
    writeAppLogs(runDir, apps);

    say('baseline: INSERT … SELECT of the affected set');
    const identify = await insertAffectedSet(databaseUrl, services);
    say('baseline: COPY of the fan-out outbox rows');
    const copy = await copyOutboxRows(databaseUrl, FAN_OUT_INCIDENT);
    say(`baseline: bare kafkajs producer and consumer, ${copy.rows} records like the commands`);
    const kafkaCommands = await moveThroughKafka(
      client,
      `${apps.prefix}baseline.commands`,
      cycle(copy.samples, copy.rows),
    );
    say(`baseline: bare kafkajs producer and consumer, ${updates.length} records like the updates`);
    const kafkaIngest = await moveThroughKafka(client, `${apps.prefix}baseline.ingest`, updates);
    const rawSimulator = await startSimulator();
    cleanups.push(() => rawSimulator.stop());
    say('baseline: raw accept rate of the simulator with a bare HTTP client');
    const concurrency = Number(settings.notifier.NOTIFIER_SEND_CONCURRENCY ?? 8);
    const raw = await rawAccept(rawSimulator.url, fanOut.messages, samples, concurrency);
    say('baseline: one Kafka hop then one provider accept, one after another');
    const kafkaHopThenAcceptDistribution = await kafkaHopThenAccept(
      client,
      `${apps.prefix}baseline.floor`,
      rawSimulator.url,
      samples,
      options.smallIncidents,
    );
    await rawSimulator.stop();

    const { samples: _samples, ...copyFigures } = copy;
    const report: BenchReport = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      mode: options.customers === 100_000 ? 'quick' : options.customers === 1_000_000 ? 'full' : 'custom',
      customers: options.customers,
      machine: { ...machine, loadAverage: { ...machine.loadAverage, end: loadNow() } },
      settings,
      directory: { generatedInMs, cli },
      firstNotice,
      ingest,
      fanOut,
      memory: peaks,
      baselines: {
        kafkaHopThenAccept: kafkaHopThenAcceptDistribution,
        identify,
        copy: copyFigures,
        kafkaCommands,
        kafkaIngest,
        rawAccept: raw,
      },
    };
    const comparisons = compare(report);
    report.comparisons = comparisons;
    process.stdout.write('\n');
    printReport(report, comparisons, (text) => process.stdout.write(`${text}\n`));
    const file = writeReport(report);
    process.stdout.write(`\nresults: ${file}\n`);
    const profiled = options.profile.length === 0 ? '' : ` and CPU profiles (${options.profile.join(', ')})`;
    process.stdout.write(`apps' output${profiled}: ${runDir}\n`);
  } finally {
    await cleanUp();
  }
}

/** One SMS and one email exactly as the engine rendered them for the fan-out. */
async function providerSamples(db: Client): Promise<ProviderSamples> {
  const content = async (channel: 'sms' | 'email') =>
    (
      await db.query<{ content: { sms?: { body: string }; email?: ProviderSamples['email'] } }>(
        `SELECT command -> 'data' -> 'content' AS content FROM messages
          WHERE channel = $1 AND state IN ('sent', 'delivered') LIMIT 1`,
        [channel],
      )
    ).rows[0]?.content;
  return {
    sms: (await content('sms'))?.sms?.body ?? 'PXR benchmark message',
    email: (await content('email'))?.email ?? { subject: 'PXR', text: 'PXR', html: '<p>PXR</p>' },
  };
}

/** What the apps said (warnings and errors at the run's log level), beside the run's other files. */
function writeAppLogs(dir: string, apps: RunningApps): void {
  mkdirSync(dir, { recursive: true });
  for (const app of [apps.engine, apps.notifier]) writeFileSync(join(dir, `${app.name}.log`), app.output());
}

function cycle(samples: ReadonlyArray<{ key: string; value: string }>, count: number): Message[] {
  if (samples.length === 0) return [];
  return Array.from({ length: count }, (_, i) => ({ ...samples[i % samples.length] }));
}

/** This run's topics only: the broker may be shared. */
async function deleteTopics(admin: ReturnType<Kafka['admin']>, prefix: string): Promise<void> {
  const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  if (ours.length > 0) await admin.deleteTopics({ topics: ours });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
