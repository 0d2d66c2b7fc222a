export interface PollingLoopOptions {
  /** One round of work; resolves true when more is waiting, so the loop goes on without pausing. */
  work: () => Promise<boolean>;
  intervalMs: number;
  log: { warn(message: string, fields?: object): void };
  name: string;
}

const MAX_BACKOFF_MS = 30_000;

/**
 * Runs background work until stopped: again at once while there is more, after `intervalMs` when idle,
 * with a growing pause after failures (a database restart should not fill the log).
 */
export class PollingLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private nudged = false;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Work may be waiting now (someone in this process just committed it): the idle pause ends, or is
   * skipped if a round is running, so it is not found one `intervalMs` late.
   */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Lets the round in progress finish (its transaction commits or rolls back), then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let more = false;
      this.nudged = false;
      try {
        more = await this.options.work();
        failures = 0;
      } catch (error) {
        failures += 1;
        this.options.log.warn(`${this.options.name} failed; retrying`, { err: error, failures });
      }
      if (more || !this.running || (this.nudged && failures === 0)) continue;
      const backoff = failures === 0 ? 0 : Math.min(this.options.intervalMs * 2 ** failures, MAX_BACKOFF_MS);
      await this.pause(Math.max(this.options.intervalMs, backoff));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
