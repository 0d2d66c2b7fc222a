import { EntityManager } from 'typeorm';
import { Commitment, NoticeKind, promise } from '@pxr/domain';
import { Commitments, PromisedUpdates, ReportedNotice, StoredPart } from '@pxr/persistence';
import { keepCommitments } from '../commitments/keep-commitments';

// An update, news or not, or the news that it is over, is what a promised update was waiting for.
const KEEPING_KINDS: readonly NoticeKind[] = ['update', 'no-news-update', 'resolution', 'all-clear'];

/**
 * Whether sending this part keeps the incident's open commitment: it must be news of a keeping kind,
 * about a promise made before the notice was planned (an update that announced a new time does not keep
 * it), and must not itself repeat the promised time to the customer (then that promise is still ahead).
 */
export function keepsCommitment(part: StoredPart, commitment: Commitment, plannedAt: Date): boolean {
  return (
    KEEPING_KINDS.includes(part.kind) &&
    commitment.promisedAt.getTime() <= plannedAt.getTime() &&
    commitment.dueBy.getTime() !== part.nextUpdateBy?.getTime()
  );
}

/** A notice the notifier sent for the first time, at `at`. */
export interface FirstSend {
  readonly notice: ReportedNotice;
  readonly at: Date;
}

/**
 * After notices were sent, in the order they were sent: each incident a notice spoke of has its promise
 * kept where the notice kept it, and a next update the notice promised becomes the incident's
 * commitment if none is open, so a follow-up time the engine chose is kept like one operations gave.
 */
export class SettlePromises {
  constructor(
    private readonly commitments = new Commitments(),
    private readonly promised = new PromisedUpdates(),
  ) {}

  async execute(manager: EntityManager, sends: readonly FirstSend[]): Promise<void> {
    const promising = sends.flatMap(({ notice, at }) =>
      notice.parts.filter((part) => promisesLater(part, at)),
    );
    const stillOpen =
      promising.length === 0
        ? new Set<string>()
        : await this.promised.stillOpen(
            manager,
            promising.map((part) => part.incidentId),
          );
    // Read once for all the notices, and kept current below as each notice settles or promises.
    const open = await this.commitments.openOfAll(
      manager,
      sends.flatMap(({ notice }) => notice.parts.map((part) => part.incidentId)),
    );
    for (const { notice, at } of sends) {
      for (const part of notice.parts) {
        const incidentOpen = open.get(part.incidentId) ?? [];
        let current: Commitment | undefined = incidentOpen[0]?.commitment;
        if (current !== undefined && keepsCommitment(part, current, notice.plannedAt)) {
          await keepCommitments(manager, incidentOpen, at, this.commitments);
          open.set(part.incidentId, []);
          current = undefined;
        }
        if (current !== undefined || !promisesLater(part, at) || !stillOpen.has(part.incidentId)) continue;
        const [made] = promise([], { incidentId: part.incidentId, dueBy: part.nextUpdateBy, at });
        if (made.state !== 'open') continue;
        await this.promised.recordIfNoneOpen(manager, made);
        // Ours or one recorded meanwhile by the incident handler or another engine: either is the promise now.
        open.set(part.incidentId, await this.commitments.openOf(manager, part.incidentId));
      }
    }
  }
}

function promisesLater(part: StoredPart, at: Date): part is StoredPart & { readonly nextUpdateBy: Date } {
  return part.nextUpdateBy !== undefined && part.nextUpdateBy > at;
}
