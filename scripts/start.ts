/**
 * `npm start`: the whole system on one machine, in the foreground. Starts Kafka (unless KAFKA_BROKERS
 * is given), the provider simulator (unless provider credentials are given), the four apps; seeds an
 * empty database with a sample; stops everything it started on Ctrl-C or SIGTERM.
 */
import { join } from 'node:path';
import { Client } from 'pg';
import { DEFAULT_DATABASE_URL, ensureDatabase, maintenanceUrlOf } from '@pxr/persistence';
import { startLocalKafka } from './start/local-kafka';
import { seedSampleIfEmpty } from './start/seed-sample';
import { SupervisedProcess } from './start/supervised-process';
import { waitHealthy } from './start/wait-healthy';

const ROOT = join(__dirname, '..', '..');
const APPS = [
  { name: 'incident-api', port: 3000 },
  { name: 'console', port: 3001 },
  { name: 'notifier', port: 3002 },
  { name: 'recovery-engine', port: 3003 },
] as const;
const SIMULATOR_PORT = 4010;

const say = (message: string): void => void process.stdout.write(`[pxr] ${message}\n`);

async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  };
  await checkPostgres(env.DATABASE_URL!);
  await ensureDatabase(env.DATABASE_URL!);

  const kafka = env.KAFKA_BROKERS ? undefined : startLocalKafka();
  env.KAFKA_BROKERS ??= '127.0.0.1:9092';

  const processes: SupervisedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      say('stopping…');
      await Promise.all(processes.map((child) => child.stop()));
      kafka?.stop();
      say('stopped');
    }
    process.exit(code);
  };
  const onExit = (name: string, code: number | null): void => {
    if (stopping) return;
    say(`${name} exited unexpectedly (code ${code}); stopping everything`);
    void stopAll(1);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    await startEverything(env, processes, onExit, () => stopping);
  } catch (error) {
    say(`failed: ${(error as Error).message}`);
    await stopAll(1);
  }
}

async function startEverything(
  env: NodeJS.ProcessEnv,
  processes: SupervisedProcess[],
  onExit: (name: string, code: number | null) => void,
  isStopping: () => boolean,
): Promise<void> {
  if (!env.TWILIO_ACCOUNT_SID && !env.SENDGRID_API_KEY) {
    const simulatorUrl = `http://127.0.0.1:${SIMULATOR_PORT}`;
    say(`no provider credentials: SMS and email go to the built-in provider simulator at ${simulatorUrl}`);
    Object.assign(env, {
      TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
      TWILIO_AUTH_TOKEN: 'simulator-auth-token',
      TWILIO_FROM: '+447700900001',
      TWILIO_API_BASE_URL: simulatorUrl,
      SENDGRID_API_KEY: 'SG.simulator',
      SENDGRID_FROM: 'care@pxr.example',
      SENDGRID_REPLY_TO: 'care@pxr.example',
      SENDGRID_API_BASE_URL: simulatorUrl,
      SIMULATOR_PORT: String(SIMULATOR_PORT),
      SIMULATOR_TWILIO_WEBHOOK_URL: 'http://127.0.0.1:3002/webhooks/twilio/status',
      SIMULATOR_INBOUND_SMS_URL: 'http://127.0.0.1:3002/webhooks/twilio/inbound',
      SIMULATOR_SENDGRID_WEBHOOK_URL: 'http://127.0.0.1:3002/webhooks/sendgrid/events',
    });
    const simulator = new SupervisedProcess(
      'simulator',
      process.execPath,
      [compiled('libs/channels/src/simulator/main.js')],
      env,
    );
    simulator.start(onExit);
    processes.push(simulator);
  }

  for (const app of APPS) {
    const child = new SupervisedProcess(
      app.name,
      process.execPath,
      [compiled(`apps/${app.name}/src/main.js`)],
      env,
    );
    child.start(onExit);
    processes.push(child);
  }
  await waitHealthy(
    APPS.map((app) => `http://127.0.0.1:${app.port}/health`),
    120_000,
    () => !isStopping(),
  );

  const seeded = await seedSampleIfEmpty(env.DATABASE_URL!, 'http://127.0.0.1:3000', env);
  const sample = seeded.sampleIncidentId;
  say('PXR is up:');
  say('  dashboard (service leaders)   http://127.0.0.1:3001/');
  say('  incident API (ops), OpenAPI   http://127.0.0.1:3000/incidents   http://127.0.0.1:3000/docs');
  say('  notifier webhooks             http://127.0.0.1:3002/health');
  say('  recovery engine               http://127.0.0.1:3003/health   (each app: /metrics)');
  if (sample)
    say(`  sample incident raised: ${sample} — see it at http://127.0.0.1:3000/incidents/${sample}`);
  if (Object.keys(seeded.demoKeys).length > 0) {
    say('Demo API keys, one per role (send as "Authorization: Bearer <key>"; shown only now):');
    for (const [role, key] of Object.entries(seeded.demoKeys)) say(`  ${role.padEnd(8)} ${key}`);
  }
  say('Ctrl-C stops everything.');
}

function compiled(path: string): string {
  return join(ROOT, 'dist', path);
}

async function checkPostgres(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: maintenanceUrlOf(databaseUrl).maintenanceUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach PostgreSQL for ${new URL(databaseUrl).host} (${(error as Error).message}); start it, e.g. ` +
        `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`[pxr] failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
