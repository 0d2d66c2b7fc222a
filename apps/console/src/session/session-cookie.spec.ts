import type { Request } from 'express';
import { credentialsOf } from '@pxr/access';
import { clearedSessionCookie, sessionCookie } from './session-cookie';

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Strict and sent for every path', () => {
    expect(sessionCookie('pxr_abc_def', false)).toBe(
      'pxr_session=pxr_abc_def; HttpOnly; SameSite=Strict; Path=/',
    );
    expect(sessionCookie('k', true)).toMatch(/; Secure$/);
  });

  it('carries a key with any characters back to the access guard unchanged', () => {
    const key = 'bootstrap key; with=odd/chars';
    const [pair] = sessionCookie(key, false).split('; ');

    expect(credentialsOf({ headers: { cookie: `theme=dark; ${pair}` } } as Request)).toBe(`Bearer ${key}`);
  });

  it('is cleared by an empty value that expires at once', () => {
    expect(clearedSessionCookie(false)).toBe('pxr_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0');
  });
});
