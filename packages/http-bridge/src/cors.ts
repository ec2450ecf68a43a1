import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-API-Key',
  'X-Request-Id',
  'X-HA-Surface',
  'X-HA-Workspace-ID',
  'Mcp-Session-Id',
  'Mcp-Protocol-Version',
  'Last-Event-ID',
].join(', ');
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After, WWW-Authenticate, Mcp-Session-Id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/** CORS from an allow-list (`*` allows any origin). Bearer keys travel in headers, so no credentials mode. */
export class CorsPolicy {
  readonly #any: boolean;
  readonly #origins: ReadonlySet<string>;

  constructor(origins: readonly string[]) {
    this.#any = origins.includes('*');
    this.#origins = new Set(origins.map((origin) => origin.replace(/\/+$/, '')));
  }

  /** `HA_CORS_ORIGINS`: comma-separated origins, `*` (the default) for any. */
  static parse(setting: string | undefined): string[] {
    const origins = (setting ?? '*')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    return origins.length > 0 ? origins : ['*'];
  }

  /** Headers for an actual response; empty when the request is not cross-origin or the origin is not allowed. */
  headers(request: IncomingMessage): OutgoingHttpHeaders {
    const origin = request.headers.origin;
    if (origin === undefined) return {};
    if (this.#any) return { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS };
    if (!this.#origins.has(origin)) return {};
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED_HEADERS, vary: 'Origin' };
  }

  /** Headers answering an `OPTIONS` preflight for a path that takes `methods`. */
  preflight(request: IncomingMessage, methods: readonly string[]): OutgoingHttpHeaders {
    // A preflight without Origin (a client probing the route) is still answered with the policy when it allows any.
    const base =
      request.headers.origin === undefined && this.#any
        ? { 'access-control-allow-origin': '*', 'access-control-expose-headers': EXPOSED_HEADERS }
        : this.headers(request);
    if (!base['access-control-allow-origin']) return base;
    return {
      ...base,
      'access-control-allow-methods': [...methods, 'OPTIONS'].join(', '),
      'access-control-allow-headers': ALLOWED_HEADERS,
      'access-control-max-age': PREFLIGHT_MAX_AGE_SECONDS,
    };
  }
}
