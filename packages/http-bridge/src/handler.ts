import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { EngineError, SURFACES, type Engine, type Principal, type Surface } from '@headlessanalytics/engine';
import { CorsPolicy } from './cors.js';
import { collectCredentials, resolvePrincipal } from './credentials.js';
import { DEFAULT_BODY_LIMIT_BYTES, parseJsonBody, readBody, requestIdOf, sendError, sendJson, type ErrorStyle } from './http-io.js';
import {
  checkContentType,
  checkGetOperation,
  GRAPHQL_METHODS,
  GRAPHQL_PATH,
  GRAPHQL_TOOL,
  graphqlInput,
  graphqlResponse,
  isGraphqlPath,
  negotiateMediaType,
  paramsOfQuery,
  statusOverrideOf,
  withVaryAccept,
} from './graphql-http.js';
import { aliasInput, credentialFieldsToOmit, inWireNames, toolInput } from './input.js';
import { openApiText, requestBaseUrl } from './openapi-text.js';
import { BODY_METHODS, RestRouter, type AuthMode } from './router.js';
import { takesRawBody, withRequestFields } from './request-fields.js';
import { sendEventStream, sendRaw, sendRedirect, withLastEventId } from './stream-response.js';

/** Another handler served under a path prefix on the same port (the MCP endpoint). */
export interface MountedHandler {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void> | void;
}

export interface BridgeOptions {
  /** Largest accepted request body; default `HA_BODY_LIMIT_BYTES` semantics, 5 MiB. */
  bodyLimitBytes?: number;
  /** Allowed CORS origins; `['*']` (the default) allows any. */
  corsOrigins?: readonly string[];
  /** Public base URL written into the OpenAPI document; default: derived from the request's Host. */
  publicUrl?: string;
  /** Path prefix → handler, e.g. `{ '/mcp': mcpHandler }`. */
  mounts?: Record<string, MountedHandler>;
  /** Behind a proxy this server trusts (HA_TRUST_PROXY): the client's address is the first X-Forwarded-For entry. */
  trustProxy?: boolean;
}

export type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

const SURFACE_NAMES: ReadonlySet<string> = new Set(SURFACES);

function surfaceOf(request: IncomingMessage): Surface {
  const header = request.headers['x-ha-surface'];
  return typeof header === 'string' && SURFACE_NAMES.has(header) ? (header as Surface) : 'rest';
}

/** A `node:http` request listener serving the registry's REST aliases, the generic tool routes and OpenAPI. */
export function createBridgeHandler(engine: Engine, options: BridgeOptions = {}): RequestListener {
  const router = new RestRouter(engine.registry);
  const cors = new CorsPolicy(options.corsOrigins ?? ['*']);
  const limit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const mounts = Object.entries(options.mounts ?? {}).map(([prefix, mounted]) => ({ prefix, under: `${prefix}/`, mounted }));

  /** The caller's principal: without a promise when its key was resolved in the last few seconds. */
  function authenticated(
    request: IncomingMessage,
    mode: AuthMode,
    query: URLSearchParams | undefined,
    body: unknown,
  ): Principal | Promise<Principal> {
    return resolvePrincipal(engine, mode, collectCredentials(request, mode, query, body));
  }

  /** `style` is filled in once the route is known: errors on Agent Analytics routes take that API's shape. */
  async function handle(request: IncomingMessage, response: ServerResponse, requestId: string, headers: OutgoingHttpHeaders, style: ErrorStyle): Promise<void> {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const mark = url.indexOf('?');
    const pathname = mark === -1 ? url : url.slice(0, mark);
    const query = mark === -1 ? undefined : new URLSearchParams(url.slice(mark + 1));
    for (const { prefix, under, mounted } of mounts) {
      if (pathname !== prefix && !pathname.startsWith(under)) continue;
      if (method === 'OPTIONS') return void response.writeHead(204, { ...headers, ...cors.preflight(request, ['GET', 'POST', 'DELETE']) }).end();
      for (const [name, value] of Object.entries(headers)) if (value !== undefined) response.setHeader(name, value);
      return mounted.handle(request, response);
    }
    const graphql = isGraphqlPath(pathname) && servesGraphql(pathname);
    if (graphql && method !== 'OPTIONS') return serveGraphql(request, response, method, query, requestId, headers, style);
    if (method === 'OPTIONS') {
      style.agentAnalytics = router.agentAnalyticsRoute(undefined, pathname);
      const allow = graphql ? [...GRAPHQL_METHODS] : router.allowedMethods(pathname);
      if (allow.length === 0) throw new EngineError('NOT_FOUND', `No route ${pathname}.`);
      return void response.writeHead(204, { ...headers, allow: [...allow, 'OPTIONS'].join(', '), ...cors.preflight(request, allow) }).end();
    }
    const match = router.match(method, pathname);
    style.agentAnalytics = router.agentAnalyticsRoute(match, pathname);
    switch (match.kind) {
      case 'not-found':
        throw new EngineError('NOT_FOUND', `No route for ${method} ${pathname}. See GET /api/openapi or GET /api/tools.`, {
          details: { method, path: pathname },
        });
      case 'method-not-allowed': {
        const error = new EngineError('NOT_FOUND', `${method} is not allowed on ${pathname}; use ${match.allow.join(' or ')}.`, {
          details: { method, path: pathname, allow: match.allow },
        });
        return sendError(response, error, requestId, { ...headers, allow: match.allow.join(', ') }, { ...style, status: 405 });
      }
      case 'openapi': {
        const text = openApiText(engine.registry, requestBaseUrl(request.headers, options.publicUrl));
        response.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
        return void response.end(text);
      }
      case 'list-tools':
      {
        // A key sees the tools it may call; without one the whole catalog is listed (it is public, like /api/openapi).
        const caller = await authenticated(request, 'none', query, undefined);
        const keyed = caller.kind === 'api_key' || caller.kind === 'project_token' || caller.kind === 'trackable_token';
        const tools = keyed ? engine.registry.descriptorsFor(caller) : engine.registry.descriptors();
        return sendJson(response, 200, { tools, toolsets: engine.registry.toolsets(tools) }, headers);
      }
      default:
    }
    const hasBody = BODY_METHODS.has(method);
    const text = hasBody ? await readBody(request, limit) : (request.resume(), '');
    let body: unknown;
    let principal: Principal | undefined;
    if (match.auth !== 'agent-analytics') {
      const resolved = authenticated(request, match.auth, query, undefined);
      principal = resolved instanceof Promise ? await resolved : resolved;
    }
    // A route that takes the body as text (a webhook whose signature covers its bytes) gets it unparsed.
    const rawBody = match.kind === 'alias' && takesRawBody(match.alias.requestFields);
    if (hasBody && !rawBody) body = parseJsonBody(text);
    principal ??= await authenticated(request, match.auth, query, body);
    const divert = match.kind === 'alias' ? match.alias.divert : undefined;
    let tool = match.tool;
    if (divert && body !== null && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, divert.field)) {
      // The route's flag picks the tool (a read, or the write that also stores); the flag itself is no input.
      const { [divert.field]: flag, ...rest } = body as Record<string, unknown>;
      if (flag === true) tool = divert.tool;
      else if (flag !== false && flag !== null) {
        throw new EngineError('INVALID_INPUT', `${divert.field}: must be true or false.`, { details: { issues: [{ path: divert.field, message: 'must be true or false' }] } });
      }
      body = rest;
    }
    const descriptor = engine.registry.describe(tool);
    const omit = descriptor ? credentialFieldsToOmit(match.auth, descriptor.inputSchema) : new Set<string>();
    let input =
      match.kind === 'alias' && descriptor
        ? aliasInput(match.alias, descriptor.inputSchema, body, query, match.pathParams, omit)
        : toolInput(body, omit);
    if (match.kind === 'alias' && match.alias.requestFields) {
      const extras = { rawBody: text, url: `${requestBaseUrl(request.headers, options.publicUrl).replace(/\/+$/, '')}${url}` };
      input = withRequestFields(request, match.alias.requestFields, input, options.trustProxy === true, extras);
    }
    const special = match.kind === 'alias' ? match.alias.response : undefined;
    if (special?.kind === 'sse') {
      const streamInput = withLastEventId(request, special, input);
      return sendEventStream(engine, request, response, tool, streamInput, { principal, surface: surfaceOf(request), requestId }, headers, style);
    }
    const result = await engine.invoke(tool, input, { principal, surface: surfaceOf(request), requestId, baseUrl: requestBaseUrl(request.headers, options.publicUrl) });
    if (!result.ok) return sendError(response, match.kind === 'alias' ? inWireNames(result.error, match.alias, body, query) : result.error, requestId, headers, style);
    const status = match.kind === 'alias' ? match.alias.status : undefined;
    const code = typeof status === 'function' ? status(result.output) : (status ?? 200);
    if (special?.kind === 'raw') return sendRaw(response, code, result.output, special, headers);
    if (special?.kind === 'redirect') return sendRedirect(response, typeof status === 'undefined' ? 302 : code, result.output, special, headers);
    sendJson(response, code, result.output, headers);
  }

  /** Whether `/api/graphql` is served here: the registry routes it to run_graphql (its toolset is on). */
  function servesGraphql(pathname: string): boolean {
    const route = router.match('POST', pathname);
    return route.kind === 'alias' && route.tool === GRAPHQL_TOOL;
  }

  /**
   * GraphQL over HTTP on `/api/graphql`: POST with an `application/json` body, GET with URL parameters (query
   * operations only), the answer in the media type the Accept header asks for, and every error as a GraphQL response.
   */
  async function serveGraphql(
    request: IncomingMessage,
    response: ServerResponse,
    method: string,
    query: URLSearchParams | undefined,
    requestId: string,
    baseHeaders: OutgoingHttpHeaders,
    style: ErrorStyle,
  ): Promise<void> {
    const mediaType = negotiateMediaType(request.headers.accept);
    const headers = withVaryAccept(baseHeaders);
    style.graphql = mediaType;
    try {
      if (method !== 'GET' && method !== 'POST') {
        request.resume();
        const error = new EngineError('NOT_FOUND', `${method} is not allowed on ${GRAPHQL_PATH}; use GET or POST.`, {
          details: { method, path: GRAPHQL_PATH, allow: [...GRAPHQL_METHODS] },
        });
        return sendError(response, error, requestId, { ...headers, allow: GRAPHQL_METHODS.join(', ') }, { ...style, status: 405 });
      }
      if (method === 'POST') {
        checkContentType(request);
        const text = await readBody(request, limit);
        const principal = await authenticated(request, 'bearer', query, undefined);
        return await runGraphql(response, graphqlInput(parseJsonBody(text)), principal, request, requestId, headers, mediaType);
      }
      request.resume();
      const principal = await authenticated(request, 'bearer', query, undefined);
      const input = graphqlInput(paramsOfQuery(query));
      checkGetOperation(input.query as string, input.operationName as string | undefined);
      return await runGraphql(response, input, principal, request, requestId, headers, mediaType);
    } catch (thrown) {
      request.resume();
      const status = statusOverrideOf(thrown);
      if (status === undefined) throw thrown;
      return sendError(response, thrown, requestId, status === 405 ? { ...headers, allow: 'POST' } : headers, { ...style, status });
    }
  }

  async function runGraphql(
    response: ServerResponse,
    input: Record<string, unknown>,
    principal: Principal,
    request: IncomingMessage,
    requestId: string,
    headers: OutgoingHttpHeaders,
    mediaType: NonNullable<ErrorStyle['graphql']>,
  ): Promise<void> {
    const result = await engine.invoke(GRAPHQL_TOOL, input, { principal, surface: surfaceOf(request), requestId, baseUrl: requestBaseUrl(request.headers, options.publicUrl) });
    if (!result.ok) return sendError(response, result.error, requestId, headers, { graphql: mediaType });
    const { status, body } = graphqlResponse(result.output, mediaType);
    sendJson(response, status, body, headers, mediaType);
  }

  return (request, response) => {
    const requestId = requestIdOf(request);
    const headers: OutgoingHttpHeaders = { 'x-request-id': requestId, ...cors.headers(request) };
    const style: ErrorStyle = {};
    handle(request, response, requestId, headers, style).catch((thrown: unknown) => {
      if (!EngineError.isInstance(thrown)) {
        engine.logger.error('request failed', { requestId, cause: String((thrown as Error | undefined)?.stack ?? thrown) });
      }
      if (response.headersSent) return void response.destroy();
      sendError(response, thrown, requestId, headers, style);
    });
  };
}
