import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel } from '@pxr/contracts';

export interface UnsubscribeTarget {
  readonly customerId: string;
  readonly channel: Channel;
}

/**
 * `<payload>.<mac>`: the payload names who and which channel, the HMAC proves we minted it. No expiry:
 * an unsubscribe link must keep working for as long as the email sits in someone's inbox.
 */
export function signUnsubscribeToken(secret: string, target: UnsubscribeTarget): string {
  const payload = Buffer.from(`${target.channel}:${target.customerId}`, 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function verifyUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || token.length > 600) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = Buffer.from(mac(secret, payload), 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const decoded = Buffer.from(payload, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  const channel = decoded.slice(0, colon);
  const customerId = decoded.slice(colon + 1);
  if ((channel !== 'sms' && channel !== 'email') || customerId === '') return undefined;
  return { customerId, channel };
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest('base64url');
}
