import type { NoticeKind } from '@pxr/domain';
import { inReadingOrder, NoticeToRender } from './notice-to-render';
import { asName, EmailLine, Wording } from './wording';

export interface RenderedEmail {
  readonly from: string;
  readonly replyTo: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** For the `List-Unsubscribe` header; also shown in both parts. */
  readonly listUnsubscribe: string;
}

type Block = { readonly heading: string } | { readonly line: EmailLine };

export interface EmailEnvelope {
  readonly from: string;
  readonly replyTo: string;
  readonly team: string;
  readonly unsubscribeUrl: string;
}

/** One list of blocks makes both parts, so the text and HTML versions always say the same thing. */
export function renderEmail(
  notice: NoticeToRender,
  wording: Wording,
  envelope: EmailEnvelope,
): RenderedEmail {
  const subject = wording.subject(notice.kind, notice.parts);
  const blocks: Block[] = [
    { line: [wording.greeting] },
    ...(notice.parts.length === 1 ? singleBlocks(notice, wording) : combinedBlocks(notice, wording)),
    { line: wording.emailReply(envelope.replyTo) },
    { line: [envelope.team] },
    { line: wording.emailUnsubscribe(envelope.unsubscribeUrl) },
  ];
  return {
    from: envelope.from,
    replyTo: envelope.replyTo,
    subject,
    text: blocks.map(blockText).join('\n\n'),
    html: htmlDocument(subject, wording.htmlLang, blocks),
    listUnsubscribe: envelope.unsubscribeUrl,
  };
}

const STILL_OPEN: readonly NoticeKind[] = ['first-notice', 'update', 'no-news-update'];

function singleBlocks(notice: NoticeToRender, wording: Wording): Block[] {
  const part = notice.parts[0];
  const story = wording.story(part);
  const headed = STILL_OPEN.includes(part.kind);
  const section = (heading: string, sentences: readonly string[]): Block[] =>
    sentences.length === 0 ? [] : [...(headed ? [{ heading }] : []), { line: [sentences.join(' ')] }];
  return [
    { line: [story.happened.join(' ')] },
    ...section(wording.headings.meaning, story.meaning),
    ...section(wording.headings.doing, [...story.doing, ...story.expected]),
    ...section(wording.headings.next, story.next),
  ];
}

function combinedBlocks(notice: NoticeToRender, wording: Wording): Block[] {
  return [
    { line: [wording.combinedIntro(notice.parts.length)] },
    ...inReadingOrder(notice.parts).flatMap((part): Block[] => {
      const story = wording.story(part);
      return [
        { heading: asName(part.incident.title) },
        ...[story.happened, story.meaning, [...story.doing, ...story.expected], story.next]
          .filter((sentences) => sentences.length > 0)
          .map((sentences) => ({ line: [sentences.join(' ')] })),
      ];
    }),
  ];
}

function blockText(block: Block): string {
  if ('heading' in block) return block.heading;
  return block.line.map((piece) => (typeof piece === 'string' ? piece : piece.label)).join('');
}

const BODY_STYLE =
  'margin:0;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;';

/** Semantic and plain: real headings, a language, no images or layout tables, dark text on white. */
function htmlDocument(subject: string, lang: string, blocks: readonly Block[]): string {
  const body = blocks.map((block) =>
    'heading' in block
      ? `<h2 style="font-size:18px;margin:24px 0 8px;">${escapeHtml(block.heading)}</h2>`
      : `<p style="margin:0 0 16px;">${block.line.map(htmlPiece).join('')}</p>`,
  );
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${BODY_STYLE}">`,
    '<main style="max-width:600px;margin:0 auto;">',
    `<h1 style="font-size:22px;margin:0 0 16px;">${escapeHtml(subject)}</h1>`,
    ...body,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n');
}

function htmlPiece(piece: EmailLine[number]): string {
  if (typeof piece === 'string') return escapeHtml(piece);
  return `<a href="${escapeHtml(piece.href)}" style="color:#0b57d0;">${escapeHtml(piece.label)}</a>`;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}
