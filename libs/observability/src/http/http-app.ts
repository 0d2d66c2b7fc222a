import { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { json, urlencoded } from 'express';
import { admitBody, BODY_LIMITS, BodyType, MEDIA_TYPES } from './body-admission';
import { answerToBodyError } from './body-errors';

export interface HttpOptions {
  /** Keep the exact bytes as `request.rawBody`, for signatures computed over them. */
  readonly rawBody?: boolean;
  /** The bodies the app's routes read; any other kind is refused (415) unread. Default: JSON only. */
  readonly accepts?: readonly BodyType[];
}

/**
 * The same HTTP hardening in every app: bodies of a kind the app does not read refused with 415, bodies
 * declared too large refused with 413 before they are read (and the connection closed, so an oversized
 * upload is not drained either), parse errors answered as JSON, no framework banner. Apps are created
 * with `bodyParser: false` so these parsers and limits are the only ones.
 */
export function configureHttp(app: INestApplication, options: HttpOptions = {}): void {
  const accepts = options.accepts ?? ['json'];
  const keepRaw = options.rawBody
    ? (request: Request, _response: Response, buffer: Buffer) => {
        (request as Request & { rawBody?: Buffer }).rawBody = buffer;
      }
    : undefined;
  app.use(admitBodies(accepts));
  if (accepts.includes('json')) app.use(json({ limit: BODY_LIMITS.json, verify: keepRaw }));
  if (accepts.includes('form')) {
    app.use(urlencoded({ extended: false, limit: BODY_LIMITS.form, verify: keepRaw }));
  }
  app.use(bodyErrorToJson);
  const instance = app.getHttpAdapter().getInstance() as { disable?: (setting: string) => void };
  instance.disable?.('x-powered-by');
}

function admitBodies(accepts: readonly BodyType[]) {
  const types = Object.entries(MEDIA_TYPES) as Array<[BodyType, string]>;
  return (request: Request, response: Response, next: NextFunction): void => {
    const matched = request.is(types.map(([, media]) => media));
    const refusal = admitBody(
      {
        contentLength: request.headers['content-length'],
        transferEncoding: request.headers['transfer-encoding'],
        type: types.find(([, media]) => media === matched)?.[0],
      },
      accepts,
    );
    if (refusal === undefined) return next();
    // Unread bytes would otherwise be drained after the answer; closing is cheaper than reading them.
    response.setHeader('connection', 'close');
    response.status(refusal.statusCode).json(refusal);
  };
}

function bodyErrorToJson(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  const answer = answerToBodyError(error);
  if (answer === undefined) return next(error);
  response.status(answer.statusCode).json(answer);
}
