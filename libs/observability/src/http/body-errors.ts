export interface BodyErrorAnswer {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/**
 * What a caller is told when the body parsers refuse a request, by the parsers' own error `type`, so
 * that "too many form fields" or "unsupported charset" are not all reported as "not valid JSON".
 * Undefined for anything that is not a client's mistake with its body (left to the framework).
 */
export function answerToBodyError(error: unknown): BodyErrorAnswer | undefined {
  const { status, type, limit, message } = error as {
    status?: number;
    type?: string;
    limit?: number;
    message?: string;
  };
  if (status === undefined || status < 400 || status >= 500) return undefined;
  const answer = (statusCode: number, text: string): BodyErrorAnswer => ({
    statusCode,
    error: REASONS[statusCode] ?? 'Bad Request',
    message: text,
  });
  switch (type) {
    case 'entity.too.large':
      return answer(
        413,
        limit === undefined ? 'request body too large' : `request body too large (at most ${limit} bytes)`,
      );
    case 'parameters.too.many':
      return answer(413, 'too many form fields');
    case 'entity.parse.failed':
      return answer(400, 'request body is not valid JSON');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return answer(415, message ?? 'unsupported body encoding');
    case 'request.aborted':
      return answer(400, 'request aborted before its body was complete');
    case 'request.size.invalid':
      return answer(400, 'request body size does not match its Content-Length');
    case 'entity.verify.failed':
      return answer(403, 'request body refused');
    default:
      return answer(status, 'the request body could not be read');
  }
}
