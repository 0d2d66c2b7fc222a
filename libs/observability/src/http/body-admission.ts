import { BodyErrorAnswer } from './body-errors';

/** The kinds of request body an app's routes read. */
export type BodyType = 'json' | 'form' | 'multipart';

export const MEDIA_TYPES: Readonly<Record<BodyType, string>> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
};

/** Largest body of each kind, in bytes; multipart is bounded by the route that reads it (multer's limits). */
export const BODY_LIMITS: Readonly<Record<BodyType, number | undefined>> = {
  json: 256 * 1024,
  form: 64 * 1024,
  multipart: undefined,
};

export interface BodyHeaders {
  readonly contentLength?: string;
  readonly transferEncoding?: string;
  /** Which accepted kind the Content-Type names; undefined when it names none of them (or is missing). */
  readonly type?: BodyType;
}

/**
 * Decides from the headers alone, before a byte of the body is read: a body of a kind the app does not
 * read is refused (415), one declared larger than its kind allows is refused (413). Undefined: go on.
 */
export function admitBody(headers: BodyHeaders, accepts: readonly BodyType[]): BodyErrorAnswer | undefined {
  // An empty POST (Content-Length: 0, no chunking) carries no body, whatever its Content-Type says.
  const declared = headers.contentLength === undefined ? undefined : Number(headers.contentLength);
  if (headers.transferEncoding === undefined && (declared === undefined || declared === 0)) return undefined;
  if (headers.type === undefined || !accepts.includes(headers.type)) {
    return {
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: `send the body as ${accepts.map((type) => MEDIA_TYPES[type]).join(' or ')}`,
    };
  }
  const limit = BODY_LIMITS[headers.type];
  if (limit !== undefined && declared !== undefined && declared > limit) {
    return {
      statusCode: 413,
      error: 'Payload Too Large',
      message: `request body too large (at most ${limit} bytes)`,
    };
  }
  return undefined;
}
