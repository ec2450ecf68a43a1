import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from '@headlessanalytics/engine';
import { startServer, type RunningServer } from '@headlessanalytics/http-bridge';

export const TEST_KEY = 'ha_test_sdk0000000000000000000000000000';

/** A real engine on a libSQL database behind the real REST bridge, listening on a local port. */
export interface LiveApi {
  engine: Engine;
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startApi(options: { databaseUrl?: string; port?: number; bodyLimitBytes?: number } = {}): Promise<LiveApi> {
  const engine = await Engine.open({ databaseUrl: options.databaseUrl ?? ':memory:', rateLimitPerMinute: 0 });
  await engine.bootstrap({ apiKey: TEST_KEY });
  const server: RunningServer = await startServer({ engine, port: options.port ?? 0, ...(options.bodyLimitBytes ? { bodyLimitBytes: options.bodyLimitBytes } : {}) });
  return {
    engine,
    url: server.url,
    port: server.port,
    async stop() {
      await server.close();
      await engine.close();
    },
  };
}

/** Stored events: total rows and distinct messageIds (equal when nothing was stored twice). */
export async function countEvents(engine: Engine, event?: string): Promise<{ rows: number; messageIds: number }> {
  const where = event === undefined ? '' : ' WHERE event = ?';
  const result = await engine.services.store.execute(`SELECT count(*) AS n, count(DISTINCT message_id) AS m FROM events${where}`, event === undefined ? [] : [event]);
  return { rows: Number(result.rows[0]!.n), messageIds: Number(result.rows[0]!.m) };
}

/** What the proxy does with one request: pass it on, answer instead, or pass it on and then answer a failure anyway. */
export type FaultDecision = 'forward' | { status: number; headers?: Record<string, string>; afterForward?: boolean };

export interface SeenRequest {
  path: string;
  at: number;
  status: number;
  events: number;
}

/** An HTTP proxy in front of the API that can fail chosen requests (500s, 429 with Retry-After, lost answers). */
export async function startFaultProxy(target: () => string, decide: (index: number, path: string) => FaultDecision) {
  const seen: SeenRequest[] = [];
  const read = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await read(request);
      const path = request.url ?? '/';
      const index = seen.length;
      const events = path === '/api/ingest' ? ((JSON.parse(body) as { events?: unknown[] }).events?.length ?? 1) : 0;
      const decision = decide(index, path);
      const record = { path, at: Date.now(), status: 0, events };
      seen.push(record);
      const answer = (status: number, headers: Record<string, string>, text: string) => {
        record.status = status;
        response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(text);
      };
      try {
        if (decision === 'forward' || decision.afterForward) {
          const upstream = await fetch(`${target()}${path}`, {
            method: request.method ?? 'GET',
            headers: { authorization: String(request.headers.authorization ?? ''), 'content-type': 'application/json' },
            ...(request.method === 'GET' ? {} : { body }),
          });
          const text = await upstream.text();
          if (decision === 'forward') return answer(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => name === 'retry-after')), text);
        }
        answer(decision.status, decision.headers ?? {}, JSON.stringify({ error: { code: decision.status === 429 ? 'RATE_LIMITED' : 'INTERNAL', message: 'injected' } }));
      } catch {
        answer(502, {}, JSON.stringify({ error: { code: 'UNAVAILABLE', message: 'upstream down' } }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
