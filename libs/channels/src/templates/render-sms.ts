import { inReadingOrder, NoticeToRender } from './notice-to-render';
import { foldToGsm, gsmFriendly, smsSegments, SmsSegments } from './sms-segments';
import { Wording } from './wording';

export interface RenderedSms {
  readonly body: string;
  readonly segments: SmsSegments;
}

/** `head` may be cut when nothing else helps; `tail` (the next update) never is. */
interface Draft {
  readonly head: string;
  readonly tail: string;
}

/**
 * Plain text within maxSegments. Drafts run from fullest to sparest; the first that fits wins, in
 * correct spelling if it fits, else with accents GSM-7 lacks folded away (ô → o), which keeps 160
 * characters a segment instead of 70. What happened, the next update, the team and how to reply
 * always stay; a single notice first loses what we are doing, then what it means, then the ETA.
 */
export function renderSms(
  notice: NoticeToRender,
  wording: Wording,
  team: string,
  maxSegments: number,
): RenderedSms {
  const closing = `\n${team}\n${wording.smsReply}`;
  const affordable = (draft: Draft): string | undefined => {
    const exact = gsmFriendly(
      [draft.head, draft.tail].filter((text) => text !== '').join(joiner(notice)) + closing,
    );
    if (smsSegments(exact).segments <= maxSegments) return exact;
    const folded = foldToGsm(exact);
    return smsSegments(folded).segments <= maxSegments ? folded : undefined;
  };
  const drafts = notice.parts.length === 1 ? singleDrafts(notice, wording) : combinedDrafts(notice, wording);
  for (const draft of drafts) {
    const body = affordable(draft);
    if (body !== undefined) return rendered(body);
  }
  // Only an absurdly long title gets here: cut the sparest draft's head word by word.
  let { head } = drafts[drafts.length - 1];
  const { tail } = drafts[drafts.length - 1];
  while (head.length > 0) {
    head = head.slice(0, Math.max(0, head.lastIndexOf(' ', head.length - 4)));
    const body = affordable({ head: head === '' ? '' : `${head}...`, tail });
    if (body !== undefined) return rendered(body);
  }
  return rendered(foldToGsm(gsmFriendly(tail + closing)));
}

function rendered(body: string): RenderedSms {
  return { body, segments: smsSegments(body) };
}

function joiner(notice: NoticeToRender): string {
  return notice.parts.length === 1 ? ' ' : '\n';
}

function singleDrafts(notice: NoticeToRender, wording: Wording): Draft[] {
  const story = wording.story(notice.parts[0]);
  const tail = story.next.join(' ');
  const head = (...kept: (readonly string[])[]) => kept.flat().join(' ');
  return [
    { head: head(story.happened, story.meaning, story.doing, story.expected), tail },
    { head: head(story.happened, story.meaning, story.expected), tail },
    { head: head(story.happened, story.expected), tail },
    { head: head(story.happened), tail },
  ];
}

function combinedDrafts(notice: NoticeToRender, wording: Wording): Draft[] {
  const parts = inReadingOrder(notice.parts);
  const promises = parts.flatMap((part) => (part.nextUpdateBy ? [part.nextUpdateBy] : []));
  const earliest = promises.sort((a, b) => a.getTime() - b.getTime())[0];
  const tail = earliest ? wording.nextUpdate(earliest) : '';
  const draft = (listed: number, brief: boolean, working: boolean): Draft => ({
    head: [
      wording.combinedIntro(parts.length),
      ...parts.slice(0, listed).map((part) => `- ${wording.summary(part, brief)}`),
      ...(listed < parts.length ? [wording.moreIncidents(parts.length - listed)] : []),
      ...(working && earliest ? [wording.stillWorking] : []),
    ].join('\n'),
    tail,
  });
  const fewer = parts.slice(1).map((_, dropped) => draft(parts.length - 1 - dropped, true, false));
  return [
    draft(parts.length, false, true),
    draft(parts.length, false, false),
    draft(parts.length, true, false),
    ...fewer,
  ];
}
