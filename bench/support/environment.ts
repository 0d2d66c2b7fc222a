import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { dropDatabase, ensureDatabase } from '@pxr/persistence';
import { RunningApp, startApp, stopProcess } from '../../test/support/app-process';
import { eventually } from '../../test/support/eventually';
import { freePort } from '../../test/support/free-port';

/** The repository root, from dist/bench/support. */
export const ROOT = join(__dirname, '..', '..', '..');
const KAFKA_SCRIPT = join(ROOT, 'deploy', 'local', 'kafka.sh');

export interface BenchKafka {
  brokers: string;
  describe: string;
  stop(): void;
}

/**
 * KAFKA_BROKERS when given; otherwise the project's own broker (deploy/local/kafka.sh, with its
 * PXR_KAFKA_* settings), stopped again only if this run started it.
 */
export function provideKafka(): BenchKafka {
  const given = process.env.KAFKA_BROKERS;
  if (given) return { brokers: given, describe: `given broker ${given}`, stop: () => undefined };
  const wasRunning = isLocalBrokerRunning();
  execFileSync('bash', [KAFKA_SCRIPT, 'start'], { stdio: 'inherit' });
  return {
    // kafka.sh listens on PXR_KAFKA_PORT when set (a broker of the bench's own beside another).
    brokers: `127.0.0.1:${process.env.PXR_KAFKA_PORT ?? 9092}`,
    describe: wasRunning ? 'local broker (already running)' : 'local broker (started for this run)',
    stop: () => {
      if (!wasRunning) execFileSync('bash', [KAFKA_SCRIPT, 'stop'], { stdio: 'inherit' });
    },
  };
}

function isLocalBrokerRunning(): boolean {
  try {
    execFileSync('bash', [KAFKA_SCRIPT, 'status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A fresh pxr_bench database on the server of DATABASE_URL (default the local one). */
export async function freshDatabase(): Promise<string> {
  const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/pxr');
  url.pathname = '/pxr_bench';
  const databaseUrl = url.toString();
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  return databaseUrl;
}

export { dropDatabase };

export async function connect(databaseUrl: string): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  return client;
}

/** `pxr customers generate`, the CLI's own COPY path: the directory is made the way operators make it. */
export function generateDirectory(databaseUrl: string, customers: number): string {
  return execFileSync(
    process.execPath,
    [
      join(ROOT, 'dist', 'scripts', 'pxr.js'),
      'customers',
      'generate',
      '--count',
      String(customers),
      '--seed',
      'pxr-bench',
      '--database-url',
      databaseUrl,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
}

export const SIMULATOR_ACCOUNT_SID = 'AC' + 'b3'.repeat(16);
export const SIMULATOR_AUTH_TOKEN = 'pxr-bench-simulator-token';
const UNSUBSCRIBE_SECRET = 'pxr-bench-unsubscribe-secret-0123456789';

export interface Simulator {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * The provider simulator as its own process, as `npm start` runs it, posting delivery webhooks to the
 * notifier when given its URL (Twilio's go to each message's own StatusCallback).
 */
export async function startSimulator(notifierUrl?: string): Promise<Simulator> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [join(ROOT, 'dist', 'libs', 'channels', 'src', 'simulator', 'main.js')],
    {
      env: {
        ...process.env,
        SIMULATOR_PORT: String(port),
        TWILIO_ACCOUNT_SID: SIMULATOR_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: SIMULATOR_AUTH_TOKEN,
        SIMULATOR_SENDGRID_WEBHOOK_URL:
          notifierUrl === undefined ? '' : `${notifierUrl}/webhooks/sendgrid/events`,
        // Providers post callbacks from many workers at once; eight at a time let a million messages'
        // callbacks queue in the simulator (2 GB) and reach the notifier long after their sends.
        SIMULATOR_WEBHOOK_CONCURRENCY: '32',
        NODE_OPTIONS: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await eventually(
    'the simulator to answer /health',
    async () => (await fetch(`${url}/health`)).status,
    (s) => s === 200,
    {
      timeoutMs: 30_000,
      intervalMs: 100,
    },
  );
  // The run measures PXR, not a provider's throttle: no accept-rate limit on either provider.
  await simulatorPost(url, '/_sim/rate-limit', { provider: 'both', perSecond: null });
  return { url, pid: child.pid!, stop: () => stopProcess(child, 'SIGTERM') };
}

export async function simulatorPost(url: string, path: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`simulator ${path} answered ${response.status}`);
  return response.json();
}

export interface AppSettings {
  readonly engine: Record<string, string>;
  readonly notifier: Record<string, string>;
}

/**
 * The apps' environment for the run: their defaults except where the run needs otherwise (no quiet
 * hours, so a run at night still sends; providers' rate limits lifted; more sends in flight). Any
 * RECOVERY_ENGINE_*, NOTIFIER_*, TWILIO_RATE_PER_SECOND, SENDGRID_RATE_PER_SECOND or DATABASE_POOL_SIZE
 * in the bench's own environment overrides these, so tuning needs no code change.
 */
export function appSettings(): AppSettings {
  const engine: Record<string, string> = {
    RECOVERY_ENGINE_QUIET_HOURS: 'off',
  };
  const notifier: Record<string, string> = {
    TWILIO_RATE_PER_SECOND: '100000',
    SENDGRID_RATE_PER_SECOND: '100000',
    NOTIFIER_SEND_CONCURRENCY: '32',
    // Delivery reports arrive at the send rate; the default 200/s would refuse most of them.
    NOTIFIER_WEBHOOK_RATE_PER_SECOND: '5000',
    NOTIFIER_WEBHOOK_BURST: '10000',
  };
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key.startsWith('RECOVERY_ENGINE_') || key === 'DATABASE_POOL_SIZE') engine[key] = value;
    if (/^(NOTIFIER_|TWILIO_RATE_|SENDGRID_RATE_)/.test(key) || key === 'DATABASE_POOL_SIZE')
      notifier[key] = value;
  }
  return { engine, notifier };
}

export interface RunningApps {
  engine: RunningApp;
  notifier: RunningApp;
  prefix: string;
  stop(): Promise<void>;
}

/** An app's compiled entry point (startApp's own default assumes it runs from the TypeScript sources). */
function compiled(app: 'recovery-engine' | 'notifier'): string {
  return join(ROOT, 'dist', 'apps', app, 'src', 'main.js');
}

/** The recovery engine and the notifier, on their own topic prefix and consumer groups. */
export async function startApps(
  common: { databaseUrl: string; brokers: string; notifierPort: number; simulatorUrl: string },
  settings: AppSettings,
  profile: { apps: readonly string[]; dir: string },
): Promise<RunningApps> {
  const prefix = `bench-${randomBytes(4).toString('hex')}.`;
  const base = {
    DATABASE_URL: common.databaseUrl,
    KAFKA_BROKERS: common.brokers,
    KAFKA_TOPIC_PREFIX: prefix,
    NOTIFIER_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
    LOG_LEVEL: 'warn',
  };
  // Profiled apps start through a wrapper that runs their main under the sampling profiler.
  const entry = (app: 'recovery-engine' | 'notifier') =>
    profile.apps.includes(app) ? join(ROOT, 'dist', 'bench', 'support', 'profiled-app.js') : compiled(app);
  const profiling = (app: 'recovery-engine' | 'notifier'): Record<string, string> => {
    if (!profile.apps.includes(app)) return {};
    mkdirSync(profile.dir, { recursive: true });
    return {
      PXR_BENCH_PROFILE_TARGET: compiled(app),
      PXR_BENCH_PROFILE_FILE: join(profile.dir, `${app}.cpuprofile`),
    };
  };
  const notifierUrl = `http://127.0.0.1:${common.notifierPort}`;
  const [engine, notifier] = await Promise.all([
    startApp(
      'recovery-engine',
      await freePort(),
      {
        ...base,
        RECOVERY_ENGINE_GROUP_ID: `${prefix}engine`,
        RECOVERY_ENGINE_UNSUBSCRIBE_BASE_URL: `${notifierUrl}/unsubscribe`,
        ...profiling('recovery-engine'),
        ...settings.engine,
      },
      entry('recovery-engine'),
    ),
    startApp(
      'notifier',
      common.notifierPort,
      {
        ...base,
        NOTIFIER_GROUP_ID: `${prefix}notifier`,
        NOTIFIER_PUBLIC_URL: notifierUrl,
        TWILIO_ACCOUNT_SID: SIMULATOR_ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: SIMULATOR_AUTH_TOKEN,
        TWILIO_FROM: '+447700900001',
        TWILIO_API_BASE_URL: common.simulatorUrl,
        SENDGRID_API_KEY: 'SG.pxr-bench',
        SENDGRID_FROM: 'care@pxr.example',
        SENDGRID_REPLY_TO: 'care@pxr.example',
        SENDGRID_API_BASE_URL: common.simulatorUrl,
        ...profiling('notifier'),
        ...settings.notifier,
      },
      entry('notifier'),
    ),
  ]);
  return {
    engine,
    notifier,
    prefix,
    // A profiled app writes its profile as it exits, which takes a while after a long run: more time
    // than the tests' 15 s before SIGKILL.
    stop: async () => void (await Promise.all([engine, notifier].map((app) => stopWithin(app, 120_000)))),
  };
}

function stopWithin(app: RunningApp, ms: number): Promise<void> {
  const child = app.process;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
