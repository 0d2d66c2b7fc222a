import { answerToBodyError } from './body-errors';

/** The errors as body-parser and raw-body raise them: an http-errors status plus a `type`. */
const parserError = (status: number, type: string, extra: object = {}) =>
  Object.assign(new Error('parser says'), { status, type, ...extra });

describe('answerToBodyError', () => {
  it.each([
    ['entity.too.large', 413, { limit: 65536 }, 413, 'request body too large (at most 65536 bytes)'],
    ['parameters.too.many', 413, {}, 413, 'too many form fields'],
    ['entity.parse.failed', 400, {}, 400, 'request body is not valid JSON'],
    ['charset.unsupported', 415, {}, 415, 'parser says'],
    ['encoding.unsupported', 415, {}, 415, 'parser says'],
    ['request.aborted', 400, {}, 400, 'request aborted before its body was complete'],
    ['request.size.invalid', 400, {}, 400, 'request body size does not match its Content-Length'],
    ['something.new', 400, {}, 400, 'the request body could not be read'],
  ])('answers %s (HTTP %i) clearly', (type, status, extra, statusCode, message) => {
    expect(answerToBodyError(parserError(status, type, extra))).toEqual({
      statusCode,
      error: expect.any(String),
      message,
    });
  });

  it.each([
    ['a plain error', new Error('boom')],
    ['a server-side failure', parserError(500, 'stream.encoding.set')],
  ])('leaves %s to the framework', (_case, error) => {
    expect(answerToBodyError(error)).toBeUndefined();
  });
});
