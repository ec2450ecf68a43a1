import { parseRetryAfter } from './backoff.js';
import { HeadlessAnalyticsError, type ErrorCode, type ErrorDetails } from './errors.js';
import { API_ERROR_CODES } from './generated/tool-catalog.js';

export interface TransportOptions {
  apiUrl: string;
  writeKey: string;
  fetch: typeof fetch;
  /** Reported to usage metering as `x-ha-surface`; `sdk` when not given. */
  surface?: string;
}

/** An HTTP answer, or status 0 with `error` when the request got none. */
export interface HttpAnswer {
  status: number;
  body: unknown;
  retryAfterMs: number | undefined;
  error?: HeadlessAnalyticsError;
}

/** POSTs JSON with the Bearer key. Never throws but for an aborted call: a network failure is status 0 with an UNAVAILABLE error. */
export function postJson(transport: TransportOptions, path: string, body: string, init: { signal?: AbortSignal; keepalive?: boolean } = {}): Promise<HttpAnswer> {
  return requestJson(transport, 'POST', path, body, init);
}

/** A GET or a POST of JSON with the Bearer key, its answer parsed (a body that is not JSON reads as null); as postJson. */
export async function requestJson(
  transport: TransportOptions,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  init: { signal?: AbortSignal; keepalive?: boolean } = {},
): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await transport.fetch(`${transport.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${transport.writeKey}`, 'content-type': 'application/json', 'x-ha-surface': transport.surface ?? 'sdk' },
      ...(body === undefined ? {} : { body }),
      ...(init.signal ? { signal: init.signal } : {}),
      ...(init.keepalive ? { keepalive: true } : {}),
    });
  } catch (cause) {
    if (init.signal?.aborted) throw cause;
    const error = new HeadlessAnalyticsError('UNAVAILABLE', `Cannot reach ${transport.apiUrl}: ${(cause as Error).message}`, { cause });
    return { status: 0, body: null, retryAfterMs: undefined, error };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')) };
}

const CODE_OF_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'UNAVAILABLE',
};

/**
 * The error of a non-2xx answer: the API's `{ error: { code, message, details, requestId } }` when its code is one
 * of the API's, else one from the status (any other 5xx: UNAVAILABLE; anything else: INTERNAL).
 */
export function errorOfAnswer(answer: HttpAnswer): HeadlessAnalyticsError {
  if (answer.error) return answer.error;
  const json = (answer.body as { error?: { code?: string; message?: string; details?: ErrorDetails; requestId?: string } } | null)?.error;
  const known = json?.code !== undefined && (API_ERROR_CODES as readonly string[]).includes(json.code);
  const code = known ? (json!.code as ErrorCode) : (CODE_OF_STATUS[answer.status] ?? (answer.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL'));
  return new HeadlessAnalyticsError(code, json?.message ?? `The API answered HTTP ${answer.status}`, {
    status: answer.status,
    ...(json?.details ? { details: json.details } : {}),
    ...(json?.requestId ? { requestId: json.requestId } : {}),
  });
}

/** Milliseconds the server asked us to wait: the Retry-After header, else `details.retryAfterSeconds`. */
export function retryAfterOf(answer: HttpAnswer): number | undefined {
  if (answer.retryAfterMs !== undefined) return answer.retryAfterMs;
  const seconds = (answer.body as { error?: { details?: ErrorDetails } } | null)?.error?.details?.retryAfterSeconds;
  return typeof seconds === 'number' ? seconds * 1000 : undefined;
}
