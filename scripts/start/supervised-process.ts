import { ChildProcess, spawn } from 'node:child_process';

/** A child process whose output is shown line by line under its name, and stopped politely. */
export class SupervisedProcess {
  private child: ChildProcess | undefined;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(onExit: (name: string, code: number | null) => void): void {
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const label = `[${this.name}]`.padEnd(18);
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString()).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines)
          if (line.trim() !== '') process.stdout.write(`${label} ${readable(line)}\n`);
      });
    }
    child.once('exit', (code) => onExit(this.name, code));
    this.child = child;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  stop(timeoutMs = 15_000): Promise<void> {
    const child = this.child;
    if (child === undefined || !this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

/** Our apps log JSON lines; on a terminal a person wants the level and the message. */
function readable(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const record = JSON.parse(line) as { level?: string; msg?: unknown; context?: string };
    const message = typeof record.msg === 'string' ? record.msg : JSON.stringify(record.msg);
    return `${(record.level ?? 'info').padEnd(5)} ${record.context ? `${record.context}: ` : ''}${message}`;
  } catch {
    return line;
  }
}
