import { createHash, createHmac } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { EngineError } from '../../errors/engine-error.js';
import { lazyModule } from '../lazy/lazy-module.js';
import { checkOutboundUrl, guardedAgents, outboundFetch, type OutboundPolicy } from '../outbound/index.js';
import type { DestinationKind } from './destination.js';
import type { ExportRow } from './exports-repo.js';

// The cloud SDKs load when a destination of their kind first sends, not with the engine.
const awsS3 = lazyModule<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');
const awsRedshiftData = lazyModule<typeof import('@aws-sdk/client-redshift-data')>('@aws-sdk/client-redshift-data');
const googleBigQuery = lazyModule<typeof import('@google-cloud/bigquery')>('@google-cloud/bigquery');
const googleStorage = lazyModule<typeof import('@google-cloud/storage')>('@google-cloud/storage');
const smithyHttp = lazyModule<typeof import('@smithy/node-http-handler')>('@smithy/node-http-handler');

/** One batch handed to a sender: the rows and the request id (stable across retries; the idempotency key). */
export interface Batch {
  rows: readonly ExportRow[];
  requestId: string;
}

/** The outcome of one attempt. `retryable` for 429/5xx/network errors; `retryAfterMs` from Retry-After. */
export interface Attempt {
  ok: boolean;
  responseStatus: number | null;
  externalId: string | null;
  error?: string;
  retryable?: boolean;
  retryAfterMs?: number;
}

/** A prepared push: the body's hash (sha-256 hex of exactly what is sent) and a function making one attempt. */
export interface PreparedPush {
  payloadHash: string;
  attempt(): Promise<Attempt>;
}

export interface SenderContext {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  policy: OutboundPolicy;
  exportDir: string | undefined;
  /** Operator defaults for endpoints a config leaves out (e.g. a BigQuery emulator or private endpoint). */
  endpoints: Partial<Record<DestinationKind, string>>;
  clock: () => number;
  /** Builds (or reads back, when a retry already built it) the signed proof packet of a batch, as JSON. */
  proofPacket?: (batch: Batch) => Promise<string>;
}

export type Sender = (batch: Batch) => Promise<PreparedPush>;

export const sha256 = (body: string | Uint8Array): string => createHash('sha256').update(body).digest('hex');

/** Retry-After in milliseconds (seconds or an HTTP date), undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** An event as exported: its stored body with its id and event order key. */
export const exportedEvent = (row: ExportRow): Record<string, unknown> => ({ ...row.body, id: row.id, seq: row.seq });

function networkFailure(error: unknown): Attempt {
  if (EngineError.isInstance(error) && error.code === 'FORBIDDEN') throw error;
  return { ok: false, responseStatus: null, externalId: null, error: error instanceof Error ? error.message : String(error), retryable: true };
}

/** POST JSON through the guard; 2xx ok, 429/5xx retryable. */
async function postJson(url: string, body: string, headers: Record<string, string>, context: SenderContext, read?: (json: unknown) => { externalId: string | null; error?: string }): Promise<Attempt> {
  let response: Response;
  try {
    response = await outboundFetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } }, { policy: context.policy });
  } catch (error) {
    return networkFailure(error);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  const headerId = response.headers.get('x-request-id');
  if (response.ok) {
    if (!read) return { ok: true, responseStatus: response.status, externalId: headerId };
    const answer = read(json);
    if (answer.error !== undefined) return { ok: false, responseStatus: response.status, externalId: answer.externalId, error: answer.error, retryable: false };
    return { ok: true, responseStatus: response.status, externalId: answer.externalId };
  }
  const after = retryAfterMs(response.headers.get('retry-after'), context.clock());
  return {
    ok: false,
    responseStatus: response.status,
    externalId: headerId,
    error: `HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`,
    retryable: retryableStatus(response.status),
    ...(after === undefined ? {} : { retryAfterMs: after }),
  };
}

const csvCell = (value: unknown): string => {
  const text = value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

function fileSender(context: SenderContext): Sender {
  const root = context.exportDir;
  if (root === undefined) throw new EngineError('UNAVAILABLE', 'File exports need an export directory: the operator sets HA_EXPORT_DIR (or the engine option exportDir).');
  const path = String(context.config.path);
  const target = resolve(root, path);
  if (!target.startsWith(resolve(root) + sep)) throw new EngineError('INVALID_INPUT', 'config.path must stay inside the export directory', { details: { issues: [{ path: 'config.path', message: 'must be a relative path without ..' }] } });
  const csv = context.config.format === 'csv';
  return async (batch) => {
    const lines = batch.rows.map((row) => {
      const event = exportedEvent(row);
      if (!csv) return JSON.stringify(event);
      const actor = event.actor as { type?: string; id?: string } | undefined;
      return [row.id, row.seq, event.event, event.timestamp ?? event.ts, event.businessId, actor ? `${actor.type ?? ''}:${actor.id ?? ''}` : '', event.properties ?? {}].map(csvCell).join(',');
    });
    const body = `${lines.join('\n')}\n`;
    return {
      payloadHash: sha256(body),
      async attempt() {
        await mkdir(dirname(target), { recursive: true });
        await appendFile(target, body);
        return { ok: true, responseStatus: null, externalId: join(path) };
      },
    };
  };
}

function httpsSender(context: SenderContext): Sender {
  const url = String(context.config.url);
  const secret = context.secrets.secret;
  return async (batch) => {
    const body = JSON.stringify({ requestId: batch.requestId, events: batch.rows.map(exportedEvent) });
    return {
      payloadHash: sha256(body),
      attempt() {
        const timestamp = String(Math.floor(context.clock() / 1000));
        const headers: Record<string, string> = { 'idempotency-key': batch.requestId, 'x-ha-timestamp': timestamp };
        if (secret !== undefined) headers['x-ha-signature'] = `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
        return postJson(url, body, headers, context);
      },
    };
  };
}

function insertAllRows(batch: Batch) {
  return batch.rows.map((row) => ({ insertId: `${row.id}`, json: { id: row.id, seq: row.seq, event: String(row.body.event ?? ''), body: JSON.stringify(row.body) } }));
}

/**
 * BigQuery through its client (`@google-cloud/bigquery`): `table.insert` in raw form (insertAll), with the endpoint
 * override `apiEndpoint` (a config's, else the operator's default) checked by the outbound guard first, no retries of
 * its own (the export retries), and the config's token (if any) as the bearer credential in place of Google's
 * default credentials.
 */
function bigquerySender(context: SenderContext): Sender {
  const { projectId, datasetId, tableId } = context.config as Record<string, string>;
  const endpoint = String(context.config.apiEndpoint ?? context.endpoints.bigquery ?? 'https://bigquery.googleapis.com').replace(/\/$/, '');
  const { BigQuery } = googleBigQuery();
  const token = context.secrets.token;
  const authClient = { getRequestHeaders: async () => new Headers(token ? { authorization: `Bearer ${token}` } : {}) };
  const bigquery = new BigQuery({ projectId: projectId!, apiEndpoint: endpoint, authClient: authClient as never, autoRetry: false, maxRetries: 0 });
  const table = bigquery.dataset(datasetId!).table(tableId!);
  return async (batch) => {
    await checkOutboundUrl(endpoint, context.policy);
    // insertId per row (the event id): BigQuery drops a row whose insertId it has seen recently, so a retried batch is not duplicated.
    const rows = insertAllRows(batch);
    const options = { raw: true, partialRetries: 0, kind: 'bigquery#tableDataInsertAllRequest', skipInvalidRows: false, ignoreUnknownValues: false };
    return {
      payloadHash: sha256(JSON.stringify({ ...options, raw: undefined, partialRetries: undefined, rows })),
      async attempt() {
        try {
          await table.insert(rows, options);
          return { ok: true, responseStatus: 200, externalId: batch.requestId };
        } catch (error) {
          // insertAll answers 200 with insertErrors when rows were refused: that batch is not acknowledged.
          if ((error as { name?: unknown }).name === 'PartialFailureError') {
            const errors = (error as { errors?: Array<{ errors: unknown }> }).errors ?? [];
            return { ok: false, responseStatus: 200, externalId: batch.requestId, error: `insertErrors: ${JSON.stringify(errors.map((item) => item.errors)).slice(0, 300)}`, retryable: false };
          }
          return googleFailure(error, context);
        }
      },
    };
  };
}

function snowflakeSender(context: SenderContext): Sender {
  const config = context.config as Record<string, string | undefined>;
  const base = (config.url ?? `https://${config.account}.snowflakecomputing.com`).replace(/\/$/, '');
  return async (batch) => {
    // Array bindings insert the whole batch in one statement; requestId makes a resubmission idempotent (retry=true).
    const body = JSON.stringify({
      statement: `INSERT INTO ${config.table} (ID, SEQ, EVENT, BODY) SELECT ?, ?, ?, PARSE_JSON(?)`,
      timeout: 60,
      database: config.database,
      schema: config.schema,
      ...(config.warehouse ? { warehouse: config.warehouse } : {}),
      bindings: {
        '1': { type: 'TEXT', value: batch.rows.map((row) => row.id) },
        '2': { type: 'FIXED', value: batch.rows.map((row) => String(row.seq)) },
        '3': { type: 'TEXT', value: batch.rows.map((row) => String(row.body.event ?? '')) },
        '4': { type: 'TEXT', value: batch.rows.map((row) => JSON.stringify(row.body)) },
      },
    });
    const requestUuid = uuidOf(batch.requestId);
    return {
      payloadHash: sha256(body),
      attempt: () =>
        postJson(`${base}/api/v2/statements?requestId=${requestUuid}&retry=true`, body, { authorization: `Bearer ${context.secrets.token}`, 'x-snowflake-authorization-token-type': 'OAUTH' }, context, (json) => ({
          externalId: typeof (json as { statementHandle?: unknown } | undefined)?.statementHandle === 'string' ? (json as { statementHandle: string }).statementHandle : null,
        })),
    };
  };
}

/** A UUID (v4 layout) derived from the request id, so every retry of a batch carries the same one. */
export function uuidOf(requestId: string): string {
  const hex = sha256(requestId).slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function sdkFailure(error: unknown): Attempt {
  if (EngineError.isInstance(error)) {
    if (error.code === 'FORBIDDEN') throw error;
    return { ok: false, responseStatus: null, externalId: null, error: error.message, retryable: true };
  }
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  const status = metadata?.httpStatusCode ?? null;
  return {
    ok: false,
    responseStatus: status,
    externalId: metadata?.requestId ?? null,
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    retryable: status === null || retryableStatus(status),
  };
}

function s3Sender(context: SenderContext): Sender {
  const config = context.config as Record<string, string | undefined>;
  const endpoint = config.endpoint ?? `https://s3.${config.region ?? 'us-east-1'}.amazonaws.com`;
  const agents = guardedAgents(context.policy);
  const { PutObjectCommand, S3Client } = awsS3();
  const { NodeHttpHandler } = smithyHttp();
  const client = new S3Client({
    region: config.region ?? 'us-east-1',
    endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: context.secrets.accessKeyId ?? '', secretAccessKey: context.secrets.secretAccessKey ?? '' },
    requestHandler: new NodeHttpHandler(agents),
  });
  return async (batch) => {
    await checkOutboundUrl(endpoint, context.policy);
    const body = `${batch.rows.map((row) => JSON.stringify(exportedEvent(row))).join('\n')}\n`;
    // The key is the batch's cursor range: a retried batch overwrites its own object instead of adding one.
    const key = `${config.prefix ?? ''}${batch.rows[0]!.seq}-${batch.rows.at(-1)!.seq}.ndjson`;
    return {
      payloadHash: sha256(body),
      async attempt() {
        try {
          const answer = await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, ContentType: 'application/x-ndjson' }));
          return { ok: true, responseStatus: answer.$metadata.httpStatusCode ?? 200, externalId: key };
        } catch (error) {
          return sdkFailure(error);
        }
      },
    };
  };
}

/** A Google client's failure: its HTTP status (`code`), Retry-After from the response when there is one; 429/5xx and network errors retryable. */
function googleFailure(error: unknown, context: SenderContext): Attempt {
  if (EngineError.isInstance(error) && error.code === 'FORBIDDEN') throw error;
  const status = (error as { code?: unknown }).code;
  const numeric = typeof status === 'number' ? status : null;
  const headers = (error as { response?: { headers?: Record<string, string | undefined> } }).response?.headers;
  const after = retryAfterMs(headers?.['retry-after'] ?? null, context.clock());
  return {
    ok: false,
    responseStatus: numeric,
    externalId: null,
    error: error instanceof Error ? error.message : String(error),
    retryable: numeric === null || retryableStatus(numeric),
    ...(after === undefined ? {} : { retryAfterMs: after }),
  };
}

function gcsSender(context: SenderContext): Sender {
  const config = context.config as Record<string, string | undefined>;
  const endpoint = config.apiEndpoint;
  const { Storage } = googleStorage();
  const storage = new Storage({
    ...(config.projectId ? { projectId: config.projectId } : {}),
    ...(endpoint ? { apiEndpoint: endpoint, useAuthWithCustomEndpoint: false } : {}),
    retryOptions: { autoRetry: false },
  });
  return async (batch) => {
    await checkOutboundUrl(endpoint ?? 'https://storage.googleapis.com', context.policy);
    const body = `${batch.rows.map((row) => JSON.stringify(exportedEvent(row))).join('\n')}\n`;
    const name = `${config.prefix ?? ''}${batch.rows[0]!.seq}-${batch.rows.at(-1)!.seq}.ndjson`;
    return {
      payloadHash: sha256(body),
      async attempt() {
        const file = storage.bucket(String(config.bucket)).file(name);
        try {
          await file.save(body, { resumable: false, contentType: 'application/x-ndjson', validation: false });
          return { ok: true, responseStatus: 200, externalId: `${name}#${String(file.metadata.generation ?? '')}` };
        } catch (error) {
          return googleFailure(error, context);
        }
      },
    };
  };
}

function redshiftSender(context: SenderContext): Sender {
  const config = context.config as Record<string, string | undefined>;
  const region = config.region ?? 'us-east-1';
  const endpoint = config.endpoint ?? `https://redshift-data.${region}.amazonaws.com`;
  const { ExecuteStatementCommand, RedshiftDataClient } = awsRedshiftData();
  const { NodeHttpHandler } = smithyHttp();
  const client = new RedshiftDataClient({
    region,
    endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: context.secrets.accessKeyId ?? '', secretAccessKey: context.secrets.secretAccessKey ?? '' },
    requestHandler: new NodeHttpHandler(guardedAgents(context.policy)),
  });
  return async (batch) => {
    await checkOutboundUrl(endpoint, context.policy);
    const values = batch.rows.map((_, index) => `(:id${index}, :seq${index}, :event${index}, :body${index})`).join(', ');
    const sql = `INSERT INTO ${config.table} (id, seq, event, body) VALUES ${values}`;
    const parameters = batch.rows.flatMap((row, index) => [
      { name: `id${index}`, value: row.id },
      { name: `seq${index}`, value: String(row.seq) },
      { name: `event${index}`, value: String(row.body.event ?? '') },
      { name: `body${index}`, value: JSON.stringify(row.body) },
    ]);
    const input = {
      Database: config.database,
      Sql: sql,
      Parameters: parameters,
      // ClientToken makes ExecuteStatement idempotent: a retried batch is not run twice.
      ClientToken: batch.requestId.slice(0, 64),
      ...(config.workgroupName ? { WorkgroupName: config.workgroupName } : {}),
      ...(config.clusterIdentifier ? { ClusterIdentifier: config.clusterIdentifier } : {}),
    };
    return {
      payloadHash: sha256(JSON.stringify(input)),
      async attempt() {
        try {
          const answer = await client.send(new ExecuteStatementCommand(input));
          return { ok: true, responseStatus: answer.$metadata.httpStatusCode ?? 200, externalId: answer.Id ?? null };
        } catch (error) {
          return sdkFailure(error);
        }
      },
    };
  };
}

export function graphnativePost(context: SenderContext, body: string): Promise<Attempt> {
  const headers: Record<string, string> = context.secrets.token ? { authorization: `Bearer ${context.secrets.token}` } : {};
  return postJson(String(context.config.url), body, headers, context);
}

function sovereignProofSender(context: SenderContext): Sender {
  const url = String(context.config.url);
  const build = context.proofPacket;
  if (!build) throw new EngineError('UNAVAILABLE', 'SovereignProof exports need the proofs domain');
  return async (batch) => {
    const body = await build(batch);
    const headers: Record<string, string> = { 'idempotency-key': batch.requestId, 'x-request-id': batch.requestId };
    if (context.secrets.token) headers.authorization = `Bearer ${context.secrets.token}`;
    return {
      payloadHash: sha256(body),
      attempt: () =>
        postJson(url, body, headers, context, (json) => ({
          externalId: typeof (json as { id?: unknown } | undefined)?.id === 'string' ? (json as { id: string }).id : (JSON.parse(body) as { id: string }).id,
        })),
    };
  };
}

/** The sender of a kind (graphnative pushes a subgraph, not event batches: see ExportsService). */
export function senderFor(kind: Exclude<DestinationKind, 'graphnative'>, context: SenderContext): Sender {
  switch (kind) {
    case 'sovereignproof':
      return sovereignProofSender(context);
    case 'file':
      return fileSender(context);
    case 'https':
      return httpsSender(context);
    case 's3':
      return s3Sender(context);
    case 'gcs':
      return gcsSender(context);
    case 'bigquery':
      return bigquerySender(context);
    case 'snowflake':
      return snowflakeSender(context);
    case 'redshift':
      return redshiftSender(context);
  }
}
