import type { IncomingMessage } from 'node:http';
import { embeddedToolClient, EngineError, remoteToolClient, type Engine, type ToolClient } from '@headlessanalytics/engine';

/** The API key a request presents: `Authorization: Bearer <key>` or `X-API-Key`. */
export function apiKeyOf(request: IncomingMessage): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match?.[1]) throw new EngineError('UNAUTHENTICATED', 'The Authorization header must be `Bearer ha_live_…`.');
    return match[1];
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header !== '' ? header : undefined;
}

export type Authenticate = (request: IncomingMessage) => Promise<ToolClient>;

/**
 * Checks the request's key with the embedded engine. With `localWorkspaceId` (the `--no-auth` mode, loopback only),
 * a request without a key acts as that workspace's local operator; a presented key is still checked.
 */
export function engineAuthenticator(engine: Engine, options: { localWorkspaceId?: string } = {}): Authenticate {
  const local = options.localWorkspaceId ? embeddedToolClient(engine, engine.localPrincipal(options.localWorkspaceId), 'mcp') : undefined;
  return async (request) => {
    const apiKey = apiKeyOf(request);
    if (apiKey === undefined && local) return local;
    const principal = await engine.authenticate({ apiKey });
    return embeddedToolClient(engine, principal, 'mcp');
  };
}

const REMOTE_CLIENTS_KEPT = 256;

/**
 * Forwards the request's key (or `fallbackApiKey` when it has none) to a deployment's REST API. The client of a
 * key is reused (at most 256 kept) so its tool catalog is fetched once, also in stateless mode.
 */
export function remoteAuthenticator(options: { apiUrl: string; fallbackApiKey?: string | undefined; fetch?: typeof fetch }): Authenticate {
  const clients = new Map<string, ToolClient>();
  return async (request) => {
    const apiKey = apiKeyOf(request) ?? options.fallbackApiKey;
    if (!apiKey) throw new EngineError('UNAUTHENTICATED', 'Missing API key. Send `Authorization: Bearer ha_live_…`.');
    const client =
      clients.get(apiKey) ?? remoteToolClient({ apiUrl: options.apiUrl, apiKey, surface: 'mcp', ...(options.fetch ? { fetch: options.fetch } : {}) });
    clients.delete(apiKey);
    clients.set(apiKey, client);
    if (clients.size > REMOTE_CLIENTS_KEPT) clients.delete(clients.keys().next().value!);
    return client;
  };
}
