import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(__dirname, '..', '..', '..', 'deploy', 'local', 'kafka.sh');

/** Starts the project's own broker unless one runs already; stops it only if this run started it. */
export function startLocalKafka(): { stop(): void } {
  let wasRunning = true;
  try {
    execFileSync('bash', [SCRIPT, 'status'], { stdio: 'ignore' });
  } catch {
    wasRunning = false;
  }
  execFileSync('bash', [SCRIPT, 'start'], { stdio: 'inherit' });
  return {
    stop: () => {
      if (!wasRunning) execFileSync('bash', [SCRIPT, 'stop'], { stdio: 'inherit' });
    },
  };
}
