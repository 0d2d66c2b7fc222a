import type { Channel } from '@pxr/contracts';

/**
 * Sends this process is recording, or has recorded, as accepted by their provider, until the provider's
 * own "accepted" callback for them comes (Twilio's `sent`, SendGrid's `processed`): one per message, and
 * half of all callbacks. Such a callback can change nothing, since a message once sent under a provider id
 * never becomes unsent under it again, so it is answered without locking and reading its message.
 *
 * The callback usually arrives while the send's own answer is still being recorded: it then waits for that
 * recording instead of racing it for the message's lock. Only what this process saw is known here; any
 * other callback, or one for a send recorded elsewhere or forgotten, goes to the database as before.
 */
export class RecentAcceptances {
  private readonly recordings = new Map<string, Promise<boolean>>();

  /** At most this many sends remembered: past it the oldest are forgotten, and their callbacks read. */
  constructor(private readonly capacity = 50_000) {}

  /** `recorded` answers whether the message was marked sent under this provider id. */
  track(channel: Channel, providerMessageId: string, recorded: Promise<boolean>): void {
    const key = keyOf(channel, providerMessageId);
    if (!this.recordings.has(key) && this.recordings.size >= this.capacity) {
      this.recordings.delete(this.recordings.keys().next().value as string);
    }
    this.recordings.set(key, recorded);
    const forget = (): void => {
      if (this.recordings.get(key) === recorded) this.recordings.delete(key);
    };
    recorded.then((marked) => {
      if (!marked) forget();
    }, forget);
  }

  /**
   * The recording of this send, if this process made or is making it: it answers whether the message was
   * marked sent under this provider id. Each send is taken once: the provider sends one such callback, and a
   * retry of it is read from the database. Undefined at once when unknown, so a caller that then goes to
   * the database keeps its place among reports arriving together.
   */
  take(channel: Channel, providerMessageId: string): Promise<boolean> | undefined {
    const key = keyOf(channel, providerMessageId);
    const recording = this.recordings.get(key);
    if (recording === undefined) return undefined;
    this.recordings.delete(key);
    return recording.catch(() => false);
  }

  get size(): number {
    return this.recordings.size;
  }
}

function keyOf(channel: Channel, providerMessageId: string): string {
  return `${channel}:${providerMessageId}`;
}
