import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Engine, InvokeOptions, RestResponse } from '@headlessanalytics/engine';
import { sendError, sendJson, writeHeadFlat, type ErrorStyle } from './http-io.js';

type SseResponse = Extract<RestResponse, { kind: 'sse' }>;
type RawResponse = Extract<RestResponse, { kind: 'raw' }>;
type RedirectResponse = Extract<RestResponse, { kind: 'redirect' }>;

/** Fills the alias's `lastEventIdField` from the `Last-Event-ID` header (EventSource sends it on reconnect). */
export function withLastEventId(request: IncomingMessage, spec: SseResponse, input: unknown): unknown {
  const header = request.headers['last-event-id'];
  if (!spec.lastEventIdField || typeof header !== 'string' || header === '') return input;
  const fields = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
  return fields[spec.lastEventIdField] === undefined ? { ...fields, [spec.lastEventIdField]: header } : fields;
}

/**
 * Serves a tool's live stream as Server-Sent Events: `id:` and `data:` per item, a comment per heartbeat.
 * Errors before the stream opens (auth, input, unknown project) are ordinary JSON error responses.
 */
export async function sendEventStream(
  engine: Engine,
  request: IncomingMessage,
  response: ServerResponse,
  tool: string,
  input: unknown,
  options: Omit<InvokeOptions, 'signal'>,
  headers: OutgoingHttpHeaders,
  errorStyle: ErrorStyle = {},
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  response.once('close', stop);
  const result = await engine.subscribe(tool, input, { ...options, signal: controller.signal });
  if (!result.ok) {
    response.off('close', stop);
    return sendError(response, result.error, result.requestId, headers, errorStyle);
  }
  response.socket?.setNoDelay(true);
  response.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  response.write(': connected\n\n');
  try {
    for await (const message of result.stream) {
      if (response.destroyed) break;
      if (message.kind === 'heartbeat') response.write(`: heartbeat ${new Date().toISOString()}\n\n`);
      else response.write(`id: ${message.id}\ndata: ${JSON.stringify(message.data)}\n\n`);
    }
  } catch (thrown) {
    engine.logger.error('event stream failed', { requestId: result.requestId, cause: String((thrown as Error | undefined)?.stack ?? thrown) });
  } finally {
    controller.abort();
    if (!response.writableEnded) response.end();
  }
}

/** Sends one field of the output as the whole body: a string (a script), or base64 sent as its bytes (a PDF, an image). */
export function sendRaw(response: ServerResponse, status: number, output: unknown, spec: RawResponse, headers: OutgoingHttpHeaders): void {
  const value = (output as Record<string, unknown> | null)?.[spec.field];
  if (spec.optional && typeof value !== 'string') return sendJson(response, status, output, headers);
  const override = spec.contentTypeField === undefined ? undefined : (output as Record<string, unknown> | null)?.[spec.contentTypeField];
  const contentType = typeof override === 'string' ? override : spec.contentType;
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
  const body = spec.encoding === 'base64' && typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.from(text);
  const cache = spec.maxAgeSeconds === undefined ? [] : ['cache-control', `public, max-age=${spec.maxAgeSeconds}`];
  const disposition = spec.filename === undefined ? [] : ['content-disposition', `inline; filename="${spec.filename}"`];
  writeHeadFlat(response, status, headers, 'content-type', contentType, 'content-length', String(body.byteLength), ...cache, ...disposition);
  response.end(body);
}

/**
 * A redirect to the output's `field` (never cached, so every visit reaches the server); when the field is null, the
 * answer itself with the same status: its `body` field's text, or JSON.
 */
export function sendRedirect(response: ServerResponse, status: number, output: unknown, spec: RedirectResponse, headers: OutgoingHttpHeaders): void {
  const record = (output ?? {}) as Record<string, unknown>;
  const location = record[spec.field];
  if (typeof location === 'string') {
    writeHeadFlat(response, status, headers, 'location', location, 'cache-control', 'no-store', 'referrer-policy', 'no-referrer', 'content-length', '0');
    return void response.end();
  }
  const page = spec.body ? record[spec.body.field] : undefined;
  const text = typeof page === 'string' ? page : JSON.stringify(output);
  const type = typeof page === 'string' ? spec.body!.contentType : 'application/json; charset=utf-8';
  writeHeadFlat(response, status, headers, 'content-type', type, 'cache-control', 'no-store', 'content-length', String(Buffer.byteLength(text)));
  response.end(text);
}
