import type { Channel } from '@pxr/contracts';
import type { MessageRecord } from '@pxr/persistence';

export interface SendLoopOptions {
  readonly channel: Channel;
  readonly concurrency: number;
  readonly idleMs: number;
  readonly claim: (channel: Channel, limit: number) => Promise<MessageRecord[]>;
  readonly deliver: (message: MessageRecord) => Promise<void>;
  readonly log: {
    warn(message: string, fields?: object): void;
    error(message: string, fields?: object): void;
  };
}

/**
 * Keeps up to `concurrency` sends of one channel in flight: claims as many due messages as there are
 * free slots, starts each, and claims again when enough slots are free or someone nudges (a new command).
 * One loop per channel, so a slow SMS rate never holds up email.
 */
export class SendLoop {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private wake: (() => void) | undefined;
  private nudged = false;

  constructor(private readonly options: SendLoopOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  /** Stops claiming and lets sends in flight finish, so none is left `sending` by a clean shutdown. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
  }

  private async run(): Promise<void> {
    const { channel, concurrency, idleMs, claim, log } = this.options;
    let failures = 0;
    while (this.running) {
      const free = concurrency - this.inFlight.size;
      // While sends are in flight, claim only once a quarter of the slots are free: a claim per freed slot
      // costs a transaction per message, which the benchmark showed dominating the notifier's database work.
      const worthClaiming = this.inFlight.size === 0 ? 1 : Math.max(1, Math.floor(concurrency / 4));
      if (free < worthClaiming) {
        await this.pause(idleMs);
        continue;
      }
      this.nudged = false;
      let claimed: MessageRecord[];
      try {
        claimed = await claim(channel, free);
        failures = 0;
      } catch (error) {
        failures += 1;
        log.warn('claiming due messages failed; retrying', { channel, err: error, failures });
        await this.pause(Math.min(200 * 2 ** failures, 5000));
        continue;
      }
      for (const message of claimed) this.begin(message);
      if (claimed.length < free && !this.nudged) await this.pause(idleMs);
    }
  }

  private begin(message: MessageRecord): void {
    const send = this.options
      .deliver(message)
      .catch((error: unknown) =>
        this.options.log.error('a send could not be recorded; the reconciler will settle it', {
          messageId: message.messageId,
          err: error,
        }),
      )
      .finally(() => {
        this.inFlight.delete(send);
        this.wake?.();
      });
    this.inFlight.add(send);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
