import type { Bridge, Reply } from './rest-harness.js';

/**
 * Agent Analytics style calls against a running server: `X-API-Key` (or none), query string for GET and
 * DELETE, JSON body otherwise, and an optional `Origin` as a browser would send it.
 */
export function client(bridge: Bridge, key: string | null = bridge.adminKey) {
  async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const all: Record<string, string> = { ...headers };
    if (key !== null) all['x-api-key'] = key;
    if (body !== undefined) all['content-type'] = 'application/json';
    const response = await fetch(`${bridge.url}${path}`, { method, headers: all, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
  }
  const withQuery = (path: string, query: Record<string, string | number>) => {
    const search = new URLSearchParams(Object.entries(query).map(([name, value]): [string, string] => [name, String(value)])).toString();
    return search ? `${path}?${search}` : path;
  };
  return {
    get: (path: string, query: Record<string, string | number> = {}, headers?: Record<string, string>) => send('GET', withQuery(path, query), undefined, headers),
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) => send('POST', path, body, headers),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}

export interface SseMessage {
  id?: string | undefined;
  data: string;
}

/** An open Server-Sent Events response read with eventsource-parser: messages and comments in order. */
export interface SseConnection {
  status: number;
  headers: Headers;
  /** The next message; rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when a comment starting with `prefix` arrives. */
  comment(prefix: string, timeoutMs?: number): Promise<string>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const { EventSourceParserStream } = await import('eventsource-parser/stream');
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  let wake: (() => void) | null = null;
  const notify = () => wake?.();
  if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const reader = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(new EventSourceParserStream({ onComment: (comment) => (comments.push(comment.trim()), notify()) }))
      .getReader();
    void (async () => {
      for (;;) {
        const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
        if (done || !value) return;
        messages.push({ id: value.id, data: value.data });
        notify();
      }
    })();
  }
  async function waitFor<T>(take: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = take();
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  }
  return {
    status: response.status,
    headers: response.headers,
    next: (timeoutMs = 5_000) => waitFor(() => messages.shift(), timeoutMs, 'SSE message'),
    comment: (prefix, timeoutMs = 5_000) =>
      waitFor(() => {
        const index = comments.findIndex((comment) => comment.startsWith(prefix));
        return index === -1 ? undefined : comments.splice(index, 1)[0];
      }, timeoutMs, `SSE comment '${prefix}'`),
    close: () => controller.abort(),
  };
}
