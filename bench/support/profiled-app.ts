import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { Client } from 'pg';

/**
 * Runs an app's compiled main under V8's sampling profiler, in the app's own process (so its pid and
 * memory are the app's). Node 20 refuses --cpu-prof in NODE_OPTIONS, hence this entry point. The
 * profile is written when the app exits through process.exit, as it does on SIGTERM, together with how
 * many times each SQL statement was sent: round trips cost more than the profile shows.
 */
const target = process.env.PXR_BENCH_PROFILE_TARGET;
const file = process.env.PXR_BENCH_PROFILE_FILE;
if (target === undefined || file === undefined) {
  throw new Error('PXR_BENCH_PROFILE_TARGET and PXR_BENCH_PROFILE_FILE must be set');
}

const session = new Session();
session.connect();
const post = (method: string, params?: object) =>
  new Promise<unknown>((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );

const statements = new Map<string, number>();
const query = Client.prototype.query as (...args: unknown[]) => unknown;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  const first = args[0] as string | { text?: string };
  const text = typeof first === 'string' ? first : (first?.text ?? '(not text)');
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 120);
  statements.set(key, (statements.get(key) ?? 0) + 1);
  return query.apply(this, args);
} as typeof Client.prototype.query;

function writeStatements(): void {
  const sorted = Object.fromEntries([...statements].sort((a, b) => b[1] - a[1]));
  writeFileSync(file!.replace(/\.cpuprofile$/, '.statements.json'), JSON.stringify(sorted, null, 2));
}

const exit = process.exit.bind(process);
let exiting = false;
process.exit = ((code?: number) => {
  if (exiting) return exit(code);
  exiting = true;
  post('Profiler.stop')
    .then((result) => {
      writeFileSync(file, JSON.stringify((result as { profile: unknown }).profile));
      writeStatements();
    })
    .catch((error: unknown) => process.stderr.write(`profile not written: ${String(error)}\n`))
    .finally(() => exit(code));
}) as typeof process.exit;

void post('Profiler.enable')
  .then(() => post('Profiler.setSamplingInterval', { interval: 1000 }))
  .then(() => post('Profiler.start'))
  .then(() => import(target));
