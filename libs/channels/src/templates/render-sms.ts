import { gsmFriendly, smsSegments, SmsSegments } from './sms-segments';
import { inReadingOrder, NoticeToRender } from './notice-to-render';
import { Wording } from './wording';

export interface RenderedSms {
  readonly body: string;
  readonly segments: SmsSegments;
}

/** Content that may go when the SMS runs long: lowest `drop` first; 0 never goes. */
interface Piece {
  readonly text: string;
  readonly drop: number;
}

/**
 * Plain text, GSM-7 where the words allow, within maxSegments: what we are doing goes first, then
 * what it means, then when we expect a fix, then (in a combined notice) the last incidents listed.
 * What happened, the next update, the team and how to reply always stay.
 */
export function renderSms(
  notice: NoticeToRender,
  wording: Wording,
  team: string,
  maxSegments: number,
): RenderedSms {
  const closing = `\n${team}\n${wording.smsReply}`;
  const fits = (content: string) => smsSegments(gsmFriendly(content + closing)).segments <= maxSegments;
  let pieces = notice.parts.length === 1 ? singlePieces(notice, wording) : [];
  let content = joined(pieces);
  while (!fits(content) && pieces.some((piece) => piece.drop > 0)) {
    const lowest = Math.min(...pieces.filter((piece) => piece.drop > 0).map((piece) => piece.drop));
    pieces = pieces.filter((piece) => piece.drop !== lowest);
    content = joined(pieces);
  }
  if (notice.parts.length > 1) content = combinedContent(notice, wording, fits);
  // Only an absurdly long title gets here; a cut sentence still beats a message nobody can afford.
  while (!fits(content) && content.length > 0)
    content = `${content.slice(0, content.lastIndexOf(' ', content.length - 4))}...`;
  const body = gsmFriendly(content + closing);
  return { body, segments: smsSegments(body) };
}

function singlePieces(notice: NoticeToRender, wording: Wording): Piece[] {
  const story = wording.story(notice.parts[0]);
  return [
    { text: story.happened.join(' '), drop: 0 },
    { text: story.meaning.join(' '), drop: 2 },
    { text: story.doing.join(' '), drop: 1 },
    { text: story.expected.join(' '), drop: 3 },
    { text: story.next.join(' '), drop: 0 },
  ];
}

function combinedContent(
  notice: NoticeToRender,
  wording: Wording,
  fits: (content: string) => boolean,
): string {
  const parts = inReadingOrder(notice.parts);
  const promises = parts.flatMap((part) => (part.nextUpdateBy ? [part.nextUpdateBy] : []));
  const earliest = promises.sort((a, b) => a.getTime() - b.getTime())[0];
  const compose = (listed: number, working: boolean) =>
    [
      wording.combinedIntro(notice.parts.length),
      ...parts.slice(0, listed).map((part) => `- ${wording.summary(part)}`),
      ...(listed < notice.parts.length ? [wording.moreIncidents(notice.parts.length - listed)] : []),
      [working && earliest ? wording.stillWorking : '', earliest ? wording.nextUpdate(earliest) : '']
        .filter((text) => text !== '')
        .join(' '),
    ]
      .filter((line) => line !== '')
      .join('\n');
  let listed = notice.parts.length;
  let content = compose(listed, true);
  if (!fits(content)) content = compose(listed, false);
  while (!fits(content) && listed > 1) content = compose(--listed, false);
  return content;
}

function joined(pieces: readonly Piece[]): string {
  return pieces
    .map((piece) => piece.text)
    .filter((text) => text !== '')
    .join(' ');
}
