import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

describe('unsubscribe tokens', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';
  const target = { customerId: 'CUS-42:odd/id', channel: 'email' as const };

  it('round-trips who and which channel', () => {
    expect(verifyUnsubscribeToken(secret, signUnsubscribeToken(secret, target))).toEqual(target);
  });

  it('refuses a token signed with another key, edited, or malformed', () => {
    const token = signUnsubscribeToken(secret, target);
    const [payload, mac] = token.split('.');
    const other = Buffer.from('email:CUS-43').toString('base64url');
    expect(verifyUnsubscribeToken('another-secret-of-at-least-thirty-two-chars', token)).toBeUndefined();
    expect(verifyUnsubscribeToken(secret, `${other}.${mac}`)).toBeUndefined();
    expect(verifyUnsubscribeToken(secret, payload)).toBeUndefined();
    expect(verifyUnsubscribeToken(secret, `${payload}.${mac.slice(1)}`)).toBeUndefined();
    expect(verifyUnsubscribeToken(secret, '')).toBeUndefined();
  });
});
