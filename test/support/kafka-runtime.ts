import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Where the integration tests (and `npm start`) get a real broker: the one given in KAFKA_BROKERS,
 * else a container when a container runtime answers, else the project's own local broker.
 */
export interface KafkaRuntime {
  brokers: string;
  describe: string;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');
const KAFKA_SCRIPT = join(ROOT, 'deploy', 'local', 'kafka.sh');

export async function provideKafka(env: NodeJS.ProcessEnv = process.env): Promise<KafkaRuntime> {
  if (env.KAFKA_BROKERS) {
    return {
      brokers: env.KAFKA_BROKERS,
      describe: `given broker ${env.KAFKA_BROKERS}`,
      stop: async () => undefined,
    };
  }
  const container = await tryContainer();
  if (container !== undefined) return container;
  return startLocalBroker();
}

async function tryContainer(): Promise<KafkaRuntime | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    // Where a socket exists but the daemon is stuck, the client can hang: give it three seconds.
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer')), 3000)),
    ]);
  } catch {
    return undefined;
  }
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const started = await new KafkaContainer('apache/kafka:4.1.1').withKraft().withExposedPorts(9093).start();
  const brokers = `${started.getHost()}:${started.getMappedPort(9093)}`;
  return { brokers, describe: `container broker ${brokers}`, stop: async () => void (await started.stop()) };
}

function startLocalBroker(): KafkaRuntime {
  const wasRunning = isLocalBrokerRunning();
  execFileSync('bash', [KAFKA_SCRIPT, 'start'], { stdio: 'inherit' });
  return {
    brokers: '127.0.0.1:9092',
    describe: wasRunning ? 'local broker (already running)' : 'local broker (started for this run)',
    // A broker someone else started stays up; the one we started goes.
    stop: async () => {
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
