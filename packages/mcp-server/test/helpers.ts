import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Engine, embeddedToolClient, httpStatusOf, toEngineError } from '@headlessanalytics/engine';
import { engineAuthenticator } from '../src/authenticators.js';
import { createMcpHttpHandler, type McpHttpHandler, type McpHttpHandlerOptions } from '../src/http-handler.js';
import { createMcpServer, type McpServerOptions } from '../src/mcp-server.js';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** A temp directory with a `file:` database URL inside it. */
export function tempDatabase(): { dir: string; url: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ha-mcp-'));
  return { dir, url: `file:${join(dir, 'headless.db')}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Environment for a spawned bin: no HA_* leaking in from the caller. */
export function binEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('HA_') && value !== undefined) env[key] = value;
  return { ...env, ...extra };
}

export interface SpawnedHttpServer {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  stop: () => Promise<number | null>;
}

/** Starts `headlessanalytics-mcp --http --port 0 …` and waits (bounded) for its ready line with the URL. */
export async function spawnHttpBin(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<SpawnedHttpServer> {
  const child = spawn(process.execPath, [BIN, '--http', '--port', '0', ...args], { env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready after ${timeoutMs} ms: ${stderr}`)), timeoutMs);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /"message":"headlessanalytics MCP server ready".*?"url":"([^"]+)"/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url,
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs the bin to completion (for flag errors) and returns its exit code and output. */
export function runBin(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env: binEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** A real SDK client over streamable HTTP, optionally sending an API key and more headers. */
export async function connectHttp(
  url: string,
  apiKey?: string,
  headers: Record<string, string> = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const sent = { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers };
  const transport = new StreamableHTTPClientTransport(new URL(url), Object.keys(sent).length > 0 ? { requestInit: { headers: sent } } : {});
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

/** A real SDK client of the bin over stdio (`args` after the bin; `env` without the caller's HA_* variables). */
export async function connectStdio(args: string[], env: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, ...args], env: binEnv(env), stderr: 'ignore' }));
  return client;
}

/** An SDK client of `createMcpServer` over the SDK's in-memory transport, as `engine`'s local operator. */
export async function connectInMemory(engine: Engine, options: McpServerOptions = {}): Promise<Client> {
  const { workspace } = await engine.bootstrap();
  const server = createMcpServer(embeddedToolClient(engine, engine.localPrincipal(workspace.id), 'mcp'), options);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'test', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

export interface McpHttpServer {
  /** `http://127.0.0.1:<port>`: each route's handler answers at `${base}${path}` (any query string). */
  base: string;
  /** Ends every handler's sessions and the server; the engine stays open. */
  close(): Promise<void>;
}

/**
 * One node:http server on a free port with an MCP HTTP handler per path, each checking keys with `engine`
 * (`engineAuthenticator`) and taking the rest of its options from `routes`; other paths answer 404.
 */
export async function startMcpHttp(engine: Engine, routes: Record<string, Omit<McpHttpHandlerOptions, 'authenticate'>>): Promise<McpHttpServer> {
  const authenticate = engineAuthenticator(engine);
  const handlers = new Map<string, McpHttpHandler>(Object.entries(routes).map(([path, options]) => [path, createMcpHttpHandler({ authenticate, ...options })]));
  const server = createServer((request, response) => {
    const handler = handlers.get(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (handler) return void handler.handle(request, response);
    response.writeHead(404).end();
  });
  const base = await listen(server);
  return {
    base,
    async close() {
      await Promise.all([...handlers.values()].map((handler) => handler.close()));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One raw HTTP request (node:http, so any Host header can be sent). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: unknown },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1.0.0' } },
};
export const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What the stand-in deployment answers at its public `GET /api/openapi`. */
export const STAND_IN_OPENAPI = { openapi: '3.1.0', info: { title: 'Stand-in deployment', version: '0.0.0' }, paths: {} };

/**
 * A stand-in deployment: `GET /api/tools` and `POST /api/tools/{name}` served by a real Engine with Bearer keys,
 * and `GET /api/openapi` (public) answering STAND_IN_OPENAPI.
 */
export async function startToolApi(engine: Engine): Promise<{ url: string; calls: string[]; close: () => Promise<void> }> {
  const calls: string[] = [];
  const server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    try {
      if (request.method === 'GET' && request.url === '/api/openapi') return reply(200, STAND_IN_OPENAPI);
      const apiKey = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      const principal = await engine.authenticate({ apiKey });
      const client = embeddedToolClient(engine, principal, 'rest');
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      calls.push(`${request.method} ${path}`);
      if (request.method === 'GET' && path === '/api/tools') return reply(200, { tools: await client.listTools(), toolsets: await client.listToolsets() });
      const name = /^\/api\/tools\/([a-z0-9_]+)$/.exec(path)?.[1];
      if (request.method !== 'POST' || !name) return reply(404, { error: { code: 'NOT_FOUND', message: 'no route' } });
      let text = '';
      for await (const chunk of request) text += String(chunk);
      const result = await client.callTool(name, JSON.parse(text || '{}'));
      return result.ok ? reply(200, result.output) : reply(httpStatusOf(result.error.code), { error: result.error.toJSON() });
    } catch (thrown) {
      const error = toEngineError(thrown);
      return reply(httpStatusOf(error.code), { error: error.toJSON() });
    }
  });
  const url = await listen(server);
  return { url, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
