import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from './eventually';

export type AppName = 'incident-api' | 'recovery-engine' | 'notifier' | 'console';

export interface RunningApp {
  name: string;
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** Starts a compiled app (`npm run build` first) as its own process and waits until /health is 200. */
export async function startApp(
  name: AppName,
  port: number,
  env: Record<string, string>,
  entry = join(ROOT, 'dist', 'apps', name, 'src', 'main.js'),
): Promise<RunningApp> {
  const portVariable = `${name.toUpperCase().replace('-', '_')}_PORT`;
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      PXR_BOOTSTRAP_ADMIN_KEY: TEST_ADMIN_KEY,
      ...env,
      [portVariable]: String(port),
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const app: RunningApp = {
    name,
    baseUrl,
    process: child,
    output: () => output,
    stop: (signal = 'SIGTERM') => stopProcess(child, signal),
  };
  try {
    await eventually(
      `${name} to answer /health with 200`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${name} exited with ${child.exitCode}: ${output.slice(-2000)}`);
        return (await fetch(`${baseUrl}/health`)).status;
      },
      (status) => status === 200,
      { timeoutMs: 60_000, intervalMs: 200 },
    );
  } catch (error) {
    await app.stop('SIGKILL');
    throw new Error(`${(error as Error).message}\n--- ${name} output ---\n${output.slice(-3000)}`, {
      cause: error,
    });
  }
  return app;
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** Every app started by the tests accepts this as an admin key (PXR_BOOTSTRAP_ADMIN_KEY). */
export const TEST_ADMIN_KEY = 'pxr-test-bootstrap-admin-key-0123456789';

/** fetch with the test admin key, unless the caller gave an Authorization header of its own. */
export function asAdmin(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('authorization', `Bearer ${TEST_ADMIN_KEY}`);
  return fetch(url, { ...init, headers });
}
