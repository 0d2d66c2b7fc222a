import { PreferredChannel } from '../customer/customer';

/** Mirrors `noticeKindSchema` in @pxr/contracts; the domain cannot import it, channels checks they agree. */
export type NoticeKind =
  'first-notice' | 'update' | 'no-news-update' | 'resolution' | 'all-clear' | 'goodwill';

/**
 * Every kind, most pressing news first: a combined notice is named after its most pressing part,
 * so a first notice folded together with a resolution still reads (and counts) as a first notice.
 */
export const NOTICE_KINDS: readonly NoticeKind[] = [
  'first-notice',
  'update',
  'no-news-update',
  'resolution',
  'all-clear',
  'goodwill',
];

export type NoticeChannel = PreferredChannel;

export function mostPressingKind(kinds: readonly NoticeKind[]): NoticeKind {
  const found = NOTICE_KINDS.find((kind) => kinds.includes(kind));
  if (found === undefined) throw new RangeError('mostPressingKind needs at least one kind');
  return found;
}
