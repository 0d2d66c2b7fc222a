/** The text trimmed, if it is not blank and fits; else undefined. */
export function textWithin(raw: string, max: number): string | undefined {
  const text = raw.trim();
  return text.length > 0 && text.length <= max ? text : undefined;
}
