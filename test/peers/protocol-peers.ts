import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Local peers speaking each destination's documented request/response shapes, on 127.0.0.1 port 0. Each records
 * what arrived (method, path, headers, parsed body) and answers from a script: a queue of statuses to play before
 * answering normally (e.g. [500] fails the next request once; 429 carries Retry-After).
 */
export interface Arrival {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  text: string;
  body: unknown;
}

export interface Scripted {
  status: number;
  retryAfter?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Peer {
  url: string;
  arrivals: Arrival[];
  /** Answers played, in order, before the protocol's normal answer. */
  script: Scripted[];
  /** Fail every request whose body matches (until cleared), e.g. the second batch. */
  failWhen: ((arrival: Arrival) => Scripted | undefined) | undefined;
  close(): Promise<void>;
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export async function startPeer(answer: (arrival: Arrival) => Answer): Promise<Peer> {
  const peer: Peer = { url: '', arrivals: [], script: [], failWhen: undefined, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = text;
      }
      const arrival: Arrival = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, text, body };
      peer.arrivals.push(arrival);
      const scripted = peer.script.shift() ?? peer.failWhen?.(arrival);
      const reply: Answer = scripted
        ? { status: scripted.status, body: scripted.body ?? { error: 'scripted failure' }, headers: { ...(scripted.headers ?? {}), ...(scripted.retryAfter ? { 'retry-after': scripted.retryAfter } : {}) } }
        : answer(arrival);
      response.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) }).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}

/** Standard-Webhooks-style check of our X-HA-Signature header: t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">. */
export function verifyHmac(arrival: Arrival, secret: string): boolean {
  const header = String(arrival.headers['x-ha-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${arrival.text}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

/** A webhook receiver that keeps events once per Idempotency-Key (as a receiver honouring the header would). */
export async function startReceiver(): Promise<Peer & { events: Record<string, unknown>[] }> {
  const seenKeys = new Set<string>();
  const events: Record<string, unknown>[] = [];
  const peer = await startPeer((arrival) => {
    const key = String(arrival.headers['idempotency-key'] ?? '');
    if (!seenKeys.has(key)) {
      seenKeys.add(key);
      events.push(...((arrival.body as { events: Record<string, unknown>[] }).events ?? []));
    }
    return { status: 200, body: { received: true }, headers: { 'x-request-id': `recv-${seenKeys.size}` } };
  });
  return Object.assign(peer, { events });
}

/** BigQuery tabledata.insertAll: POST /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}/insertAll; dedups by insertId. */
export async function startBigQuery(): Promise<Peer & { rows: Map<string, Record<string, unknown>>; reject: Set<string> }> {
  const rows = new Map<string, Record<string, unknown>>();
  const reject = new Set<string>();
  const peer = await startPeer((arrival) => {
    // The path without its query (the client adds ?prettyPrint=false).
    if (arrival.method !== 'POST' || !/^\/bigquery\/v2\/projects\/[^/]+\/datasets\/[^/]+\/tables\/[^/]+\/insertAll$/.test(new URL(arrival.path, 'http://peer').pathname)) {
      return { status: 404, body: { error: { code: 404, message: `Not found: ${arrival.path}` } } };
    }
    const request = arrival.body as { kind?: string; rows: { insertId: string; json: Record<string, unknown> }[] };
    const insertErrors: unknown[] = [];
    request.rows.forEach((row, index) => {
      if (reject.has(row.insertId)) insertErrors.push({ index, errors: [{ reason: 'invalid', message: 'no such field' }] });
    });
    if (insertErrors.length === 0) for (const row of request.rows) rows.set(row.insertId, row.json);
    return { status: 200, body: insertErrors.length > 0 ? { kind: 'bigquery#tableDataInsertAllResponse', insertErrors } : { kind: 'bigquery#tableDataInsertAllResponse' } };
  });
  return Object.assign(peer, { rows, reject });
}

/** Snowflake SQL API v2: POST /api/v2/statements?requestId=…; a repeated requestId with retry=true is not run again. */
export async function startSnowflake(): Promise<Peer & { inserted: string[][] }> {
  const handled = new Map<string, string>();
  const inserted: string[][] = [];
  let next = 0;
  const peer = await startPeer((arrival) => {
    const url = new URL(arrival.path, 'http://peer');
    if (url.pathname !== '/api/v2/statements' || arrival.method !== 'POST') return { status: 404, body: { message: 'not found' } };
    const requestId = url.searchParams.get('requestId') ?? '';
    let handle = handled.get(requestId);
    if (handle === undefined) {
      handle = `01b2c3d4-0000-${String(++next).padStart(4, '0')}`;
      handled.set(requestId, handle);
      const bindings = (arrival.body as { bindings: Record<string, { type: string; value: string[] }> }).bindings;
      inserted.push(bindings['1']!.value);
    }
    return { status: 200, body: { resultSetMetaData: { numRows: 1 }, data: [['1']], code: '090001', statementStatusUrl: `/api/v2/statements/${handle}`, sqlState: '00000', statementHandle: handle, message: 'Statement executed successfully.' } };
  });
  return Object.assign(peer, { inserted });
}

/** Redshift Data API (awsJson1_1): POST / with X-Amz-Target RedshiftData.ExecuteStatement; ClientToken dedups. */
export async function startRedshiftData(): Promise<Peer & { statements: { Sql: string; Parameters: { name: string; value: string }[] }[] }> {
  const tokens = new Map<string, string>();
  const statements: { Sql: string; Parameters: { name: string; value: string }[] }[] = [];
  const peer = await startPeer((arrival) => {
    if (arrival.headers['x-amz-target'] !== 'RedshiftData.ExecuteStatement') return { status: 400, body: { __type: 'ValidationException', message: 'unknown target' } };
    const input = arrival.body as { ClientToken?: string; Sql: string; Parameters: { name: string; value: string }[]; Database: string };
    let id = input.ClientToken ? tokens.get(input.ClientToken) : undefined;
    if (id === undefined) {
      id = `d9b6c0c9-0747-4bf4-b142-e8883122f${String(statements.length).padStart(3, '0')}`;
      if (input.ClientToken) tokens.set(input.ClientToken, id);
      statements.push({ Sql: input.Sql, Parameters: input.Parameters });
    }
    return { status: 200, body: { Id: id, Database: input.Database, CreatedAt: 1733300000 }, headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${id}` } };
  });
  return Object.assign(peer, { statements });
}
