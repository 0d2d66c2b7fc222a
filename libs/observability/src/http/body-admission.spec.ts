import { admitBody } from './body-admission';

describe('admitBody: refusing a body from its headers alone', () => {
  const json = ['json'] as const;
  const webhooks = ['json', 'form', 'multipart'] as const;

  it.each([
    ['no body at all', {}, json, undefined],
    ['an empty POST with any type', { contentLength: '0' }, json, undefined],
    ['JSON within the limit', { contentLength: '262144', type: 'json' }, json, undefined],
    ['chunked JSON (the parser bounds it)', { transferEncoding: 'chunked', type: 'json' }, json, undefined],
    ['a form where forms are read', { contentLength: '10', type: 'form' }, webhooks, undefined],
    [
      'multipart of any declared size (its route bounds it)',
      { contentLength: '9999999', type: 'multipart' },
      webhooks,
      undefined,
    ],
  ] as const)('lets through %s', (_case, headers, accepts, expected) => {
    expect(admitBody(headers, accepts)).toBe(expected);
  });

  it.each([
    ['a body of no accepted type', { contentLength: '5' }, json, 415, 'send the body as application/json'],
    [
      'a form where only JSON is read',
      { contentLength: '5', type: 'form' },
      json,
      415,
      'send the body as application/json',
    ],
    [
      'chunked text',
      { transferEncoding: 'chunked' },
      webhooks,
      415,
      'send the body as application/json or application/x-www-form-urlencoded or multipart/form-data',
    ],
    [
      'JSON declared one byte too large',
      { contentLength: '262145', type: 'json' },
      json,
      413,
      'request body too large (at most 262144 bytes)',
    ],
    [
      'a form declared at 1 GiB',
      { contentLength: '1073741824', type: 'form' },
      webhooks,
      413,
      'request body too large (at most 65536 bytes)',
    ],
  ] as const)('refuses %s', (_case, headers, accepts, statusCode, message) => {
    expect(admitBody(headers, accepts)).toEqual({ statusCode, error: expect.any(String), message });
  });
});
