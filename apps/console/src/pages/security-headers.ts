import type { NextFunction, Request, Response } from 'express';

/**
 * Every answer, page or JSON: nothing runs that this origin did not serve, nothing frames the console,
 * and nothing the console shows (personal data in the agent view) is kept by caches or leaked as referrer.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('x-frame-options', 'DENY');
  if (!response.hasHeader('cache-control')) response.setHeader('cache-control', 'no-store');
  next();
}
