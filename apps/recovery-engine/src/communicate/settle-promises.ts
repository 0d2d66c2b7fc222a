import { EntityManager } from 'typeorm';
import { Commitment, NoticeKind, promise } from '@pxr/domain';
import { Commitments, PromisedUpdates, SentNotice, StoredPart } from '@pxr/persistence';
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

/**
 * After a notice was sent at `at`: each incident it spoke of has its promise kept where the notice
 * kept it, and a next update the notice promised becomes the incident's commitment if none is open,
 * so a follow-up time the engine chose is kept like one operations gave.
 */
export class SettlePromises {
  constructor(
    private readonly commitments = new Commitments(),
    private readonly promised = new PromisedUpdates(),
  ) {}

  async execute(manager: EntityManager, notice: SentNotice, at: Date): Promise<void> {
    const promising = notice.parts.filter(
      (part) => part.nextUpdateBy !== undefined && part.nextUpdateBy > at,
    );
    const open =
      promising.length === 0
        ? new Set<string>()
        : await this.promised.stillOpen(
            manager,
            promising.map((p) => p.incidentId),
          );
    for (const part of notice.parts) {
      let current: Commitment | undefined = (await this.commitments.openOf(manager, part.incidentId))[0]
        ?.commitment;
      if (current !== undefined && keepsCommitment(part, current, notice.plannedAt)) {
        await keepCommitments(manager, part.incidentId, at, this.commitments);
        current = undefined;
      }
      if (current !== undefined || part.nextUpdateBy === undefined || !open.has(part.incidentId)) continue;
      const [made] = promise([], { incidentId: part.incidentId, dueBy: part.nextUpdateBy, at });
      if (made.state === 'open') await this.promised.recordIfNoneOpen(manager, made);
    }
  }
}
