import { SESSION_COOKIE } from '@pxr/access';

/**
 * The browser keeps the key in an HttpOnly cookie page scripts cannot read, sent only to this origin
 * (SameSite=Strict is also what protects the pages' own POSTs from other sites). Secure when the
 * console is reached over HTTPS; a laptop on plain localhost would otherwise never get the cookie.
 */
export function sessionCookie(key: string, secure: boolean): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(key)}`, 'HttpOnly', 'SameSite=Strict', 'Path=/']
    .concat(secure ? ['Secure'] : [])
    .join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=0']
    .concat(secure ? ['Secure'] : [])
    .join('; ');
}
