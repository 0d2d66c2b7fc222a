import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { json, urlencoded } from 'express';

export const MAX_JSON_BODY = '256kb';

/**
 * The same HTTP hardening in every app: bounded bodies refused early with a JSON error, no framework
 * banner. Apps are created with `bodyParser: false` so these limits are the only ones.
 */
export function configureHttp(app: INestApplication, options: { rawBody?: boolean } = {}): void {
  const keepRaw = options.rawBody
    ? (request: Request, _response: Response, buffer: Buffer) => {
        (request as Request & { rawBody?: Buffer }).rawBody = buffer;
      }
    : undefined;
  app.use(json({ limit: MAX_JSON_BODY, verify: keepRaw }));
  app.use(urlencoded({ extended: false, limit: '64kb', verify: keepRaw }));
  app.use(bodyErrorToJson);
  const instance = app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void };
  instance.disable?.('x-powered-by');
}

function bodyErrorToJson(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const status = (error as { status?: number }).status;
  if (status === undefined || status < 400 || status >= 500) return next(error);
  const message = status === 413 ? 'request body too large' : 'request body is not valid JSON';
  response
    .status(status)
    .json({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message });
}
