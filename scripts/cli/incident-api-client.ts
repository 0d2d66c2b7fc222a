import { IncidentApiCall } from './incident-args';

export interface ApiTarget {
  baseUrl: string;
  /** Sent as a bearer token when set; roles and keys arrive later. */
  apiKey?: string;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers: Headers;
}

/** Nobody answered at the address: the API is not running there, or the address is wrong. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`cannot reach incident-api at ${baseUrl} (${reason})`);
    this.name = 'ApiUnreachableError';
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ECONNRESET',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

export async function callIncidentApi(
  call: IncidentApiCall,
  target: ApiTarget,
  fetchImpl: typeof fetch = fetch,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  if (target.apiKey) headers.authorization = `Bearer ${target.apiKey}`;
  let response: Response;
  try {
    response = await fetchImpl(new URL(call.path, target.baseUrl), {
      method: call.method,
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    if (cause?.code !== undefined && UNREACHABLE.has(cause.code))
      throw new ApiUnreachableError(target.baseUrl, cause.code);
    if ((error as Error).name === 'TimeoutError')
      throw new ApiUnreachableError(target.baseUrl, 'no answer in 15 s');
    throw error;
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (a proxy's error page, say): shown as it came.
  }
  return { status: response.status, body, headers: response.headers };
}
