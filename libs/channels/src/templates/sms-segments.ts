// GSM 03.38: the basic table, and the extension table whose characters travel as ESC + char (two septets).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegments {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7, UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly segments: number;
}

/**
 * How many SMS segments a text costs. One character outside GSM-7 switches the whole message to
 * UCS-2, cutting a segment from 160 to 70 characters: a curly apostrophe can triple the bill.
 * Concatenated messages lose room to the UDH: 153 septets or 67 code units per segment.
 */
export function smsSegments(text: string): SmsSegments {
  let septets = 0;
  for (const char of text) {
    if (BASIC.has(char)) septets += 1;
    else if (EXTENSION.has(char)) septets += 2;
    else return count('UCS-2', text.length, 70, 67);
  }
  return count('GSM-7', septets, 160, 153);
}

function count(encoding: SmsEncoding, units: number, single: number, multi: number): SmsSegments {
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  return { encoding, units, segments };
}

/** Typography that looks the same to a reader but is not GSM-7, mapped to what is. */
const GSM_LOOKALIKES: readonly [RegExp, string][] = [
  [/[\u00a0\u202f\u2007\u2009]/g, ' '],
  [/[\u2018\u2019\u201b]/g, "'"],
  [/[\u201c\u201d\u00ab\u00bb]/g, '"'],
  [/[\u2013\u2014]/g, '-'],
  [/\u2026/g, '...'],
];

export function gsmFriendly(text: string): string {
  return GSM_LOOKALIKES.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

/**
 * Letters outside GSM-7 written without their accent (ô → o, ç → c, ŵ → w), GSM letters untouched.
 * Operators do this to keep a message in GSM-7; we only do it when the correct spelling cannot fit.
 */
export function foldToGsm(text: string): string {
  let folded = '';
  for (const char of text) {
    if (BASIC.has(char) || EXTENSION.has(char)) {
      folded += char;
      continue;
    }
    const bare = char === 'œ' ? 'oe' : char === 'Œ' ? 'OE' : char.normalize('NFD').replace(/\p{M}/gu, '');
    folded += [...bare].every((c) => BASIC.has(c)) ? bare : char;
  }
  return folded;
}
