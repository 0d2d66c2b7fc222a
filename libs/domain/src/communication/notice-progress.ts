import type { NoticeChannel } from './notice-kind';

export type NoticeState = 'requested' | 'sent' | 'delivered' | 'failed' | 'suppressed' | 'opted-out';

/** How far a notice has got with its provider, as the notifier reported it. */
export interface NoticeProgress {
  readonly state: NoticeState;
  readonly sentAt?: Date;
  /** The channel it went out on: the fallback when the first channel failed. */
  readonly sentChannel?: NoticeChannel;
  readonly deliveredAt?: Date;
  readonly outcomeAt?: Date;
  readonly outcomeReason?: string;
}

/** One report from the notifier about a notice. */
export type NoticeOutcome =
  | { readonly kind: 'sent' | 'delivered'; readonly at: Date; readonly channel?: NoticeChannel }
  | {
      readonly kind: 'failed' | 'suppressed' | 'opted-out';
      readonly at: Date;
      readonly reason?: string;
    };

export interface RecordedOutcome {
  readonly progress: NoticeProgress;
  /** Whether the report told us anything: a repeated send, or a failure after delivery, does not. */
  readonly changed: boolean;
  /** Only the report that first recorded the send: what follows a send (the customer was told) happens once. */
  readonly firstSend: boolean;
}

// Later outcomes never undo earlier ones: a delivery report does not turn back into "sent".
const SETTLED_FROM: Readonly<Record<'failed' | 'suppressed' | 'opted-out', readonly NoticeState[]>> = {
  failed: ['requested', 'sent'],
  suppressed: ['requested'],
  'opted-out': ['requested', 'sent'],
};

/**
 * A notice's progress after one more report. Reports arrive in any order and any number of times:
 * delivered implies sent (a delivery report that overtook its send still counts the send once), and the
 * first time a thing happened is kept.
 */
export function recordOutcome(progress: NoticeProgress, outcome: NoticeOutcome): RecordedOutcome {
  switch (outcome.kind) {
    case 'sent':
    case 'delivered': {
      const delivered = outcome.kind === 'delivered';
      const next: NoticeProgress = {
        ...progress,
        state:
          progress.state === 'requested' || (delivered && progress.state === 'sent')
            ? outcome.kind
            : progress.state,
        sentAt: progress.sentAt ?? outcome.at,
        sentChannel: progress.sentChannel ?? outcome.channel,
        deliveredAt: delivered ? (progress.deliveredAt ?? outcome.at) : progress.deliveredAt,
      };
      return { progress: next, changed: differs(progress, next), firstSend: progress.sentAt === undefined };
    }
    case 'failed':
    case 'suppressed':
    case 'opted-out': {
      if (!SETTLED_FROM[outcome.kind].includes(progress.state)) {
        return { progress, changed: false, firstSend: false };
      }
      const next: NoticeProgress = {
        ...progress,
        state: outcome.kind,
        outcomeAt: outcome.at,
        outcomeReason: outcome.reason,
      };
      return { progress: next, changed: true, firstSend: false };
    }
  }
}

function differs(before: NoticeProgress, after: NoticeProgress): boolean {
  return (
    before.state !== after.state ||
    before.sentAt !== after.sentAt ||
    before.sentChannel !== after.sentChannel ||
    before.deliveredAt !== after.deliveredAt
  );
}
