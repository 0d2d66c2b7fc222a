import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/free-port';

const run = promisify(execFile);
const KAFKA_SCRIPT = join(__dirname, '..', '..', '..', 'deploy', 'local', 'kafka.sh');

/**
 * A single-node broker of the suite's own, on free ports with its own data, logs and pid, so that it
 * can be stopped and started mid-incident while the shared broker (KAFKA_BROKERS) is never touched.
 * It reuses the jars of `deploy/local/kafka.sh fetch`.
 */
export interface OwnBroker {
  /** host:port for KAFKA_BROKERS. */
  readonly brokers: string;
  /** Controlled shutdown (SIGTERM); returns once the process is gone and its ports are free. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data; returns once it answers metadata requests. */
  start(): Promise<void>;
  /** Stops it (if running) and deletes its directory; safe to call twice. */
  destroy(): Promise<void>;
}

export async function startOwnBroker(): Promise<OwnBroker> {
  const home = await mkdtemp(join(tmpdir(), 'pxr-fault-kafka-'));
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const env = {
    ...process.env,
    PXR_KAFKA_HOME: home,
    PXR_KAFKA_PORT: String(port),
    PXR_KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_HEAP_OPTS: '-Xmx384m -Xms128m',
  };
  const script = async (command: 'start' | 'stop'): Promise<void> => {
    try {
      await run('bash', [KAFKA_SCRIPT, command], { env, timeout: 120_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`kafka.sh ${command} (home ${home}) failed:\n${stdout ?? ''}${stderr ?? ''}`, {
        cause: error,
      });
    }
  };
  let destroyed = false;
  // Should the test process die before `destroy`, the broker (in a session of its own) must not linger.
  const leftBehind = (): void => {
    try {
      process.kill(Number(readFileSync(join(home, 'kafka.pid'), 'utf8').trim()), 'SIGKILL');
    } catch {
      // not running
    }
    rmSync(home, { recursive: true, force: true });
  };
  process.once('exit', leftBehind);
  const broker: OwnBroker = {
    brokers: `127.0.0.1:${port}`,
    start: () => script('start'),
    stop: () => script('stop'),
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      process.removeListener('exit', leftBehind);
      await script('stop').catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    },
  };
  try {
    await broker.start();
  } catch (error) {
    await broker.destroy();
    throw error;
  }
  return broker;
}
