import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `pxr_<id>_<secret>`. Only the SHA-256 of the secret is stored: the secret has
 * 256 bits of entropy, so a slow password hash would add nothing but latency on every request.
 */
export interface IssuedApiKey {
  id: string;
  key: string;
  secretHash: string;
}

const PATTERN = /^pxr_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function issueApiKey(): IssuedApiKey {
  const id = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `pxr_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const match = PATTERN.exec(key);
  return match === null ? undefined : { id: match[1], secret: match[2] };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
