import { createHmac } from 'node:crypto';

/**
 * The token of the unsubscribe link in an email's body, in the notifier's format (`<payload>.<mac>`,
 * see apps/notifier/src/consent/unsubscribe-token.ts) so the notifier's page verifies it. Kept in step
 * by the end-to-end test that follows a rendered link.
 */
export function signUnsubscribeToken(secret: string, customerId: string): string {
  const payload = Buffer.from(`email:${customerId}`, 'utf8').toString('base64url');
  const mac = createHmac('sha256', secret).update(`unsubscribe:${payload}`).digest('base64url');
  return `${payload}.${mac}`;
}
