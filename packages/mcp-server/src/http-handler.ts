import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { ErrorCode, isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { EngineError, toEngineError, type ToolClient } from '@headlessanalytics/engine';
import { rejectedHostOrOrigin, type HostPolicy } from './host-validation.js';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody, sendEngineError, sendJsonRpcError } from './http-responses.js';
import { isTruthy } from './cli-options.js';
import { createMcpServer, type McpServerOptions } from './mcp-server.js';
import { narrowSelection, unknownToolsets, type ToolSelection } from './tool-selection.js';

export interface McpHttpHandlerOptions extends HostPolicy {
  /** Resolves the caller to a ToolClient, or throws an EngineError (UNAUTHENTICATED → 401) before any MCP handling. */
  authenticate(request: IncomingMessage): ToolClient | Promise<ToolClient>;
  /** A new server and transport per request, no session ids, no GET stream. Default false (sessions). */
  stateless?: boolean;
  server?: McpServerOptions;
  /** Largest POST body read by the handler. Default 4 MiB. */
  maxBodyBytes?: number;
  /** A session with no request and no open stream for this long is ended. Default 30 minutes. */
  sessionIdleMs?: number;
  /** Time source for session expiry. Default `Date.now`. */
  clock?: () => number;
}

export interface McpHttpHandler {
  handle(request: IncomingMessage, response: ServerResponse, parsedBody?: unknown): Promise<void>;
  /**
   * Refuses new requests (503), waits up to `drainMs` (default 5 s) for the POSTs being answered, then ends every
   * session and open stream.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: Server;
  owner: string;
  lastSeen: number;
  /** Requests and streams of this session still open. */
  open: number;
}

const SESSION_HEADER = 'mcp-session-id';

/** Sessions are bound to the credentials that opened them: another key cannot use or end them. */
function ownerOf(request: IncomingMessage): string {
  const presented = `${request.headers.authorization ?? ''}\n${String(request.headers['x-api-key'] ?? '')}`;
  return createHash('sha256').update(presented).digest('hex');
}

const SELECTION_PARAMETERS = [
  ['toolsets', 'x-mcp-toolsets', 'toolsets'],
  ['tools', 'x-mcp-tools', 'tools'],
  ['readOnly', 'x-mcp-readonly', 'read_only'],
  ['dynamicToolsets', 'x-mcp-dynamic-toolsets', 'dynamic_toolsets'],
] as const;

/**
 * The tool selection a request asks for (headers `x-mcp-toolsets`, `x-mcp-tools`, `x-mcp-readonly`,
 * `x-mcp-dynamic-toolsets`, or the query parameters `toolsets`, `tools`, `read_only`, `dynamic_toolsets`), layered on
 * the operator's. An unknown toolset is refused (400 INVALID_INPUT naming the parameter), before a session opens.
 */
async function requestedSelection(request: IncomingMessage, client: ToolClient, base: ToolSelection): Promise<ToolSelection> {
  const query = new URL(request.url ?? '/', 'http://localhost').searchParams;
  const asked: ToolSelection = {};
  for (const [field, header, parameter] of SELECTION_PARAMETERS) {
    const raw = request.headers[header] ?? query.get(parameter) ?? undefined;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    if (value === undefined) continue;
    if (field === 'readOnly' || field === 'dynamicToolsets') asked[field] = isTruthy(value);
    else asked[field] = value.split(',').map((item) => item.trim()).filter(Boolean);
  }
  if (Object.keys(asked).length === 0) return base;
  const unknown = unknownToolsets(asked, await client.listToolsets());
  if (unknown.length > 0) {
    throw new EngineError('INVALID_INPUT', `x-mcp-toolsets: unknown toolset '${unknown.join("', '")}'; GET /api/tools lists the toolsets.`, {
      details: { issues: [{ path: 'x-mcp-toolsets', message: `unknown toolset '${unknown.join("', '")}'` }] },
    });
  }
  return narrowSelection(base, asked);
}

const opensSession = (body: unknown): boolean =>
  Array.isArray(body) ? body.some((message) => isInitializeRequest(message)) : isInitializeRequest(body);

/**
 * MCP over streamable HTTP for one endpoint (e.g. `/mcp`): Host/Origin check, authentication, then the MCP SDK's
 * transport, in session mode (session id header, GET SSE stream, DELETE ends it) or stateless mode.
 */
export function createMcpHttpHandler(options: McpHttpHandlerOptions): McpHttpHandler {
  const sessions = new Map<string, Session>();
  const live = new Set<Server>();
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const clock = options.clock ?? Date.now;
  let lastSweep = clock();
  const answering = new Set<Promise<void>>();
  let closing = false;

  /** Ends idle sessions; runs lazily on requests, at most once per `min(idleMs, 1 min)`. */
  function sweep(now: number): void {
    if (now - lastSweep < Math.min(idleMs, 60_000)) return;
    lastSweep = now;
    for (const [id, session] of sessions) {
      if (session.open === 0 && now - session.lastSeen > idleMs) {
        sessions.delete(id);
        void session.server.close();
      }
    }
  }

  function track(session: Session, response: ServerResponse): void {
    session.open += 1;
    session.lastSeen = clock();
    response.once('close', () => {
      session.open -= 1;
      session.lastSeen = clock();
    });
  }

  async function connect(client: ToolClient, transport: StreamableHTTPServerTransport, request: IncomingMessage): Promise<Server> {
    const selection = await requestedSelection(request, client, options.server?.selection ?? {});
    const server = createMcpServer(client, { ...options.server, selection, ...(options.stateless ? { canEnableToolsets: false } : {}) });
    live.add(server);
    server.onclose = () => live.delete(server);
    await server.connect(transport);
    return server;
  }

  async function handleStateless(client: ToolClient, request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    if (request.method !== 'POST') {
      return sendJsonRpcError(response, 405, ErrorCode.ConnectionClosed, 'Method not allowed: this endpoint is stateless; POST only.', { allow: 'POST' });
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    const server = await connect(client, transport, request);
    response.on('close', () => void server.close());
    await transport.handleRequest(request, response, body);
  }

  async function handleSession(client: ToolClient, request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    const sessionId = request.headers[SESSION_HEADER];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(response, 404, -32001, 'Session not found; send a new initialize request.');
      if (session.owner !== ownerOf(request)) {
        return sendEngineError(response, new EngineError('FORBIDDEN', 'This MCP session was opened with another API key; initialize a new session.'));
      }
      track(session, response);
      return session.transport.handleRequest(request, response, body);
    }
    if (request.method !== 'POST' || !opensSession(body)) {
      return sendJsonRpcError(response, 400, ErrorCode.ConnectionClosed, `Bad Request: no ${SESSION_HEADER} header and no valid initialize request; initialize first, then send the header it returns.`);
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, session),
      onsessionclosed: (id) => void sessions.get(id)?.server.close(),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    const session: Session = { transport, server: await connect(client, transport, request), owner: ownerOf(request), lastSeen: clock(), open: 0 };
    track(session, response);
    await transport.handleRequest(request, response, body);
    if (!transport.sessionId) await session.server.close();
  }

  return {
    async handle(request, response, parsedBody) {
      if (closing) return sendEngineError(response, new EngineError('UNAVAILABLE', 'The MCP server is shutting down; retry shortly.'));
      if (request.method === 'POST') {
        const answered = new Promise<void>((resolve) => response.once('close', resolve));
        answering.add(answered);
        void answered.then(() => answering.delete(answered));
      }
      try {
        sweep(clock());
        const rejected = rejectedHostOrOrigin(request.headers, options);
        if (rejected) return sendEngineError(response, new EngineError('FORBIDDEN', rejected));
        let client: ToolClient;
        try {
          client = await options.authenticate(request);
        } catch (error) {
          return sendEngineError(response, toEngineError(error));
        }
        let body = parsedBody;
        if (request.method === 'POST' && body === undefined) {
          const read = await readJsonBody(request, maxBodyBytes);
          if (!read.ok) return sendJsonRpcError(response, read.status, read.status === 413 ? ErrorCode.InvalidRequest : ErrorCode.ParseError, read.message);
          body = read.body;
        }
        await (options.stateless ? handleStateless : handleSession)(client, request, response, body);
      } catch (error) {
        if (!response.headersSent) sendEngineError(response, toEngineError(error));
        else response.end();
      }
    },
    async close(closeOptions = {}) {
      closing = true;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, closeOptions.drainMs ?? 5_000)));
      await Promise.race([Promise.allSettled([...answering]), deadline]);
      clearTimeout(timer);
      const servers = [...live];
      sessions.clear();
      await Promise.allSettled(servers.map((server) => server.close()));
    },
  };
}
