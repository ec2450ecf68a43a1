import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EngineError, stderrLogger } from '@headlessanalytics/engine';
import { engineAuthenticator, remoteAuthenticator, type Authenticate } from './authenticators.js';
import { toolSelectionOf, type CliOptions } from './cli-options.js';
import { corsHeaders, preflightHeaders } from './cors.js';
import { isLoopbackHost, LOOPBACK_HOSTNAMES, rejectedHostOrOrigin, type HostPolicy } from './host-validation.js';
import { sendEngineError, sendJsonRpcError } from './http-responses.js';
import { createMcpHttpHandler } from './http-handler.js';
import { onShutdown, openEmbeddedRuntime, remoteOpenApiProvider } from './runtime.js';

const WILDCARD_ADDRESSES = ['0.0.0.0', '::', '[::]'];

/** Loopback binds accept loopback Host names; a named bind also its own name; a wildcard bind any Host. */
function defaultAllowedHosts(host: string): string[] {
  if (isLoopbackHost(host)) return [...LOOPBACK_HOSTNAMES];
  if (WILDCARD_ADDRESSES.includes(host)) return ['*'];
  return [host.toLowerCase(), ...LOOPBACK_HOSTNAMES];
}

/** Streamable HTTP at `/mcp` on node:http, embedded (keys checked by the engine) or proxying to HA_API_URL. */
export async function serveHttp(options: CliOptions, env: NodeJS.ProcessEnv): Promise<void> {
  let authenticate: Authenticate;
  let closeEngine = async (): Promise<void> => undefined;
  if (env.HA_API_URL) {
    if (options.noAuth) throw new Error('--no-auth applies to the embedded engine; in proxy mode requests without a key use HA_API_KEY.');
    const fallbackApiKey = isLoopbackHost(options.host) ? env.HA_API_KEY : undefined;
    authenticate = remoteAuthenticator({ apiUrl: env.HA_API_URL, fallbackApiKey });
  } else {
    const { engine, workspaceId } = await openEmbeddedRuntime(env, toolSelectionOf(options));
    authenticate = engineAuthenticator(engine, options.noAuth ? { localWorkspaceId: workspaceId } : {});
    closeEngine = () => engine.close();
  }
  const policy: HostPolicy = { allowedHosts: options.allowedHosts ?? defaultAllowedHosts(options.host), allowedOrigins: options.allowedOrigins };
  const resources = env.HA_API_URL ? [remoteOpenApiProvider(env.HA_API_URL)] : [];
  const handler = createMcpHttpHandler({ authenticate, ...policy, stateless: options.stateless, server: { selection: toolSelectionOf(options), resources } });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== '/mcp') return sendJsonRpcError(response, 404, -32_601, `Not found: MCP is served at /mcp.`);
    const rejected = rejectedHostOrOrigin(request.headers, policy);
    if (!rejected) for (const [name, value] of Object.entries(corsHeaders(request))) response.setHeader(name, value);
    if (request.method !== 'OPTIONS') return void handler.handle(request, response);
    if (rejected) return sendEngineError(response, new EngineError('FORBIDDEN', rejected));
    response.writeHead(204, preflightHeaders(request)).end();
  });
  onShutdown(async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await handler.close();
    server.closeAllConnections();
    await stopped;
    await closeEngine();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  stderrLogger.info('headlessanalytics MCP server ready', {
    transport: 'streamable-http',
    mode: env.HA_API_URL ? 'remote' : 'embedded',
    url: `http://${hostForUrl}:${port}/mcp`,
    stateless: options.stateless,
    auth: options.noAuth ? 'optional (local operator without a key)' : 'api key',
  });
}
