/**
 * Flesch reading ease for English: 206.835 − 1.015 × words per sentence − 84.6 × syllables per word.
 * 60–70 is plain English, readable by most 13–15 year olds; the syllable count is a heuristic that is
 * right for most everyday words, which is all a threshold over whole messages needs.
 */
export function fleschReadingEase(text: string): number {
  const sentences = sentencesOf(text);
  const words = sentences.flat();
  if (words.length === 0) return 100;
  const syllableCount = words.reduce((sum, word) => sum + syllables(word), 0);
  return 206.835 - 1.015 * (words.length / sentences.length) - 84.6 * (syllableCount / words.length);
}

/** English syllables by vowel groups, after dropping endings that are usually silent. */
export function syllables(word: string): number {
  const letters = word.toLowerCase().replace(/[^a-z]/g, '');
  if (letters.length === 0) return /\d/.test(word) ? 1 : 0;
  if (letters.length <= 3) return 1;
  const trimmed = letters
    // "fixed", "makes", "line" lose a vowel sound; "wanted", "needed" and "table" keep theirs.
    .replace(/(?:[^laeiouy]es|[^laeiouydt]ed|[^laeiouy]e)$/, '')
    .replace(/^y/, '');
  return Math.max(1, trimmed.match(/[aeiouy]{1,2}/g)?.length ?? 0);
}

const URL_OR_EMAIL = /\bhttps?:\/\/\S+|\S+@\S+\.\S+/g;
const SENTENCE_END = /[.!?:;]+(?=\s|$)|\n+/;
const WORD = /[\p{L}\p{N}]+(?:['’:.,-][\p{L}\p{N}]+)*/gu;

/**
 * Sentences as lists of words. Lines end sentences too (SMS lines, headings, list items), and so do
 * colons: "Fixed: broadband outage" is read as two short statements. Links and addresses are not words.
 */
export function sentencesOf(text: string): string[][] {
  return text
    .replace(URL_OR_EMAIL, ' ')
    .split(SENTENCE_END)
    .map((sentence) => sentence.match(WORD) ?? [])
    .filter((words) => words.length > 0);
}
