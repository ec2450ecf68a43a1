import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { agentAnalyticsErrorOf, EngineError, httpStatusOf, toEngineError, type AgentAnalyticsRoute } from '@headlessanalytics/engine';

export const DEFAULT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's `X-Request-Id` when it is a short token, else a fresh UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Reads the whole body as text; PAYLOAD_TOO_LARGE as soon as it passes `limitBytes`. */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<string> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(tooLarge(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function tooLarge(limitBytes: number): EngineError {
  return new EngineError('PAYLOAD_TOO_LARGE', `Request body is larger than ${limitBytes} bytes. Split the batch into smaller requests.`, {
    details: { limitBytes },
  });
}

/** Parses a JSON body; an empty body is `undefined`. Malformed JSON is INVALID_INPUT naming the problem. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = (error as Error).message;
    throw new EngineError('INVALID_INPUT', `Request body is not valid JSON: ${reason}`, {
      details: { issues: [{ path: '', message: `body is not valid JSON: ${reason}` }] },
    });
  }
}

/**
 * Writes the status line and headers as one flat `[name, value, ...]` list: node:http validates and joins
 * it for several µs less than an object of the same headers, on every response.
 */
export function writeHeadFlat(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, ...more: string[]): void {
  const flat: string[] = [];
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) flat.push(name, item);
    else flat.push(name, typeof value === 'string' ? value : String(value));
  }
  for (const item of more) flat.push(item);
  response.writeHead(status, flat);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders, mediaType = 'application/json'): void {
  const text = JSON.stringify(body);
  writeHeadFlat(response, status, headers, 'content-type', `${mediaType}; charset=utf-8`, 'content-length', String(Buffer.byteLength(text)));
  response.end(text);
}

export interface ErrorStyle {
  /** Overrides the table's status (405 for a wrong method). */
  status?: number;
  /** An Agent Analytics route: that API's body `{error: "<CODE>", message, requestId, details}`, codes and statuses. */
  agentAnalytics?: AgentAnalyticsRoute | undefined;
  /** The GraphQL endpoint: a GraphQL response `{errors: [{message, extensions: {code, requestId, details}}]}` in this media type. */
  graphql?: 'application/json' | 'application/graphql-response+json' | undefined;
}

/**
 * Writes `{error:{code,message,details,requestId}}` with the status from the one error table; on an Agent Analytics
 * route `{error: "<CODE>", message, requestId}` plus `details` when there are any, as that API's clients read it.
 */
export function sendError(response: ServerResponse, thrown: unknown, requestId: string, headers: OutgoingHttpHeaders, style: ErrorStyle = {}): void {
  const error = toEngineError(thrown);
  const extra: OutgoingHttpHeaders = { ...headers };
  // An internal error says only that it happened; its cause is in the server log under the request id.
  const details = error.code === 'INTERNAL' ? {} : (error.details ?? {});
  let status = style.status ?? httpStatusOf(error.code);
  let body: unknown = { error: { code: error.code, message: error.message, details, requestId } };
  if (style.agentAnalytics) {
    const mapped = agentAnalyticsErrorOf(error, style.agentAnalytics);
    status = style.status ?? mapped.httpStatus;
    body = { error: mapped.code, message: error.message, requestId, ...(Object.keys(details).length > 0 ? { details } : {}) };
  } else if (style.graphql) {
    body = { errors: [{ message: error.message, extensions: { code: error.code, requestId, ...(Object.keys(details).length > 0 ? { details } : {}) } }] };
  }
  if (error.code === 'RATE_LIMITED') extra['retry-after'] = String(error.details?.retryAfterSeconds ?? 1);
  if (status === 401) extra['www-authenticate'] = 'Bearer realm="headlessanalytics"';
  if (error.code === 'PAYLOAD_TOO_LARGE') extra.connection = 'close';
  sendJson(response, status, body, extra, style.graphql);
}
