const MAX_EMAIL_LENGTH = 254;
// Deliberately simpler than RFC 5322: dot-atom local part and a dotted host name with a letter TLD.
// Quoted local parts and IP-literal hosts are legal but nobody we would email uses them.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/**
 * The address with its domain lower-cased, else undefined. The local part keeps its case: RFC 5321
 * lets a mail server tell `Jo` from `jo`, even if few do; lookups compare case-insensitively anyway.
 */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim();
  if (email.length > MAX_EMAIL_LENGTH) return undefined;
  const at = email.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local) || !DOMAIN.test(domain)) return undefined;
  return `${local}@${domain.toLowerCase()}`;
}
