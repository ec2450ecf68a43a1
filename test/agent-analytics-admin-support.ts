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
    const search = new URLSearchParams(Object.entries(query).map(([name, value]) => [name, String(value)])).toString();
    return search ? `${path}?${search}` : path;
  };
  return {
    get: (path: string, query: Record<string, string | number> = {}, headers?: Record<string, string>) => send('GET', withQuery(path, query), undefined, headers),
    post: (path: string, body: unknown = {}, headers?: Record<string, string>) => send('POST', path, body, headers),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}
