import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EngineError, httpStatusOf } from '@headlessanalytics/engine';
import { errorBody } from './tool-result.js';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** An engine error as HTTP, before any MCP handling: `{error: {...}}`, `WWW-Authenticate` on 401. */
export function sendEngineError(response: ServerResponse, error: EngineError): void {
  const status = httpStatusOf(error.code);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (status === 401) headers['www-authenticate'] = 'Bearer';
  if (error.code === 'RATE_LIMITED') headers['retry-after'] = String(error.details?.retryAfterSeconds ?? 1);
  response.writeHead(status, headers).end(JSON.stringify(errorBody(error)));
}

/** A transport-level JSON-RPC error, shaped like the MCP SDK's own (`id: null`). */
export function sendJsonRpcError(response: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  response
    .writeHead(status, { 'content-type': 'application/json', ...headers })
    .end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

export type BodyResult = { ok: true; body: unknown } | { ok: false; status: 400 | 413; message: string };

/** Reads and parses a JSON request body of at most `maxBytes`. */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, status: 413, message: `Request body exceeds ${maxBytes} bytes.` };
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return { ok: false, status: 413, message: `Request body exceeds ${maxBytes} bytes.` };
    chunks.push(chunk);
  }
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch {
    return { ok: false, status: 400, message: 'Parse error: the request body is not valid JSON.' };
  }
}
