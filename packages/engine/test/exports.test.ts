import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { engineOptionsFromEnv, type EngineErrorJSON } from '../src/index.js';
import { startBigQuery, startReceiver, startPeer, startRedshiftData, startSnowflake, verifyHmac } from '../../../test/peers/protocol-peers.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

type Result = { exportId: string; status: string; exported: number; batches: number; cursor: number; cursorFrom: number; remaining: number; receipts: string[]; error: string | null; destinationId: string | null };
type Receipt = { id: string; status: string; requestId: string; responseStatus: number | null; externalId: string | null; error: string | null; payloadHash: string; rowCount: number; cursorFrom: number; cursorTo: number; attempts: number };

const T0 = Date.UTC(2026, 11, 1, 12);
let t: TestEngine;
let dir: string;
let sleeps: number[];

async function ingest(count: number, offset = 0): Promise<void> {
  const events = Array.from({ length: count }, (_, index) => ({ event: 'order.created', actor: `c_${offset + index}`, properties: { n: offset + index }, timestamp: T0 + (offset + index) * 1000 }));
  await expectOk(t.call('ingest_event', { events }));
}
const run = (input: Record<string, unknown>) => expectOk<Result>(t.call('export_to_destination', input));
const refused = async (name: string, input: unknown, as = t.principal): Promise<EngineErrorJSON> => {
  const result = await t.call(name, input, as);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.output)}`);
  return result.error.toJSON();
};
const receipt = (id: string) => expectOk<Receipt>(t.call('get_export_receipt', { id }));

beforeEach(async () => {
  t = await openTestEngine({ clock: () => T0 + 86_400_000 });
  dir = mkdtempSync(join(tmpdir(), 'ha-exports-'));
  sleeps = [];
  const service = t.engine.services.exports;
  service.exportDir = dir;
  service.policy = { allow: ['127.0.0.1'] };
  service.sleep = async (ms) => {
    sleeps.push(ms);
  };
  service.random = () => 0.5;
});
afterEach(async () => {
  await t.engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('file destination', () => {
  it('appends NDJSON incrementally: a repeated export sends only what is new, each event once; receipts hash what was written', async () => {
    await ingest(5);
    const saved = await expectOk<{ id: string; cursor: number; secretFields: string[] }>(t.call('create_export_destination', { name: 'Nightly file', kind: 'file', config: { path: 'out/events.ndjson' } }));
    expect(saved).toMatchObject({ id: 'dst_nightly-file', cursor: 0, secretFields: [] });
    const first = await run({ destination: saved.id, batchSize: 2 });
    expect(first).toMatchObject({ status: 'completed', exported: 5, batches: 3, remaining: 0, destinationId: 'dst_nightly-file' });
    expect(first.receipts).toEqual(['rcpt_nightly-file_1', 'rcpt_nightly-file_2', 'rcpt_nightly-file_3']);
    expect((await run({ destination: saved.id })).exported).toBe(0);
    await ingest(3, 5);
    const second = await run({ destination: saved.id, batchSize: 10 });
    expect(second).toMatchObject({ exported: 3, batches: 1, cursorFrom: first.cursor });
    const text = readFileSync(join(dir, 'out/events.ndjson'), 'utf8');
    const lines = text.trim().split('\n').map((line) => JSON.parse(line) as { properties: { n: number }; seq: number });
    expect(lines.map((line) => line.properties.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const last = await receipt(second.receipts[0]!);
    expect(last).toMatchObject({ status: 'delivered', rowCount: 3, cursorTo: second.cursor, attempts: 1 });
    const lastChunk = `${text.trim().split('\n').slice(5).join('\n')}\n`;
    expect(last.payloadHash).toBe(createHash('sha256').update(lastChunk).digest('hex'));
    expect((await expectOk<{ cursor: number }>(t.call('get_export_destination', { id: saved.id }))).cursor).toBe(second.cursor);
  });

  it('writes CSV, refuses a path leaving the export directory', async () => {
    await ingest(2);
    await run({ destination: 'file', config: { path: 'a.csv', format: 'csv' } });
    const rows = readFileSync(join(dir, 'a.csv'), 'utf8').trim().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/order\.created/);
    expect(await refused('export_to_destination', { destination: 'file', config: { path: '../escape.ndjson' } })).toMatchObject({ code: 'INVALID_INPUT' });
    expect(readdirSync(dir)).toEqual(['a.csv']);
  });
});

describe('HTTPS destination', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('POSTs JSON with an HMAC-SHA256 signature over timestamp + body and an Idempotency-Key; the secret is never answered', async () => {
    await ingest(3);
    const saved = await expectOk<Record<string, unknown>>(t.call('create_export_destination', { name: 'Hook', kind: 'https', config: { url: `${receiver.url}/ha`, secret: 'whsec_test' } }));
    expect(JSON.stringify(saved)).not.toContain('whsec_test');
    expect(saved.secretFields).toEqual(['secret']);
    const listed = await expectOk(t.call('list_export_destinations', {}));
    expect(JSON.stringify(listed)).not.toContain('whsec_test');
    const result = await run({ destination: 'dst_hook' });
    expect(result.exported).toBe(3);
    const [arrival] = receiver.arrivals;
    expect(arrival!.path).toBe('/ha');
    expect(arrival!.headers['content-type']).toBe('application/json');
    expect(arrival!.headers['idempotency-key']).toMatch(/^dst_hook:\d+-\d+$/);
    expect(verifyHmac(arrival!, 'whsec_test')).toBe(true);
    expect(verifyHmac(arrival!, 'other')).toBe(false);
    const r = await receipt(result.receipts[0]!);
    expect(r).toMatchObject({ responseStatus: 200, externalId: 'recv-1', requestId: arrival!.headers['idempotency-key'] });
    expect(r.payloadHash).toBe(createHash('sha256').update(arrival!.text).digest('hex'));
  });

  it('fails half-way (500 on the 2nd batch past the retry bound), then resumes with nothing sent twice', async () => {
    await ingest(6);
    await expectOk(t.call('create_export_destination', { name: 'Hook', kind: 'https', config: { url: receiver.url, secret: { env: 'HA_TEST_HOOK_SECRET' } } }));
    process.env.HA_TEST_HOOK_SECRET = 'from-env';
    // The peer fails the second batch (events n=2,3) every time until it recovers.
    receiver.failWhen = (arrival) => ((arrival.body as { events: { properties: { n: number } }[] }).events[0]!.properties.n === 2 ? { status: 500 } : undefined);
    const broken = await run({ destination: 'dst_hook', batchSize: 2 });
    expect(broken).toMatchObject({ status: 'partial', exported: 2, batches: 1, remaining: 4 });
    expect(broken.error).toMatch(/HTTP 500/);
    const failed = await receipt(broken.receipts[1]!);
    expect(failed).toMatchObject({ status: 'failed', responseStatus: 500, attempts: 5, rowCount: 2 });
    // Exponential backoff with jitter (random fixed at 0.5 → 3/4 of the step): 500, 1000, 2000, 4000 ms steps.
    expect(sleeps).toEqual([375, 750, 1500, 3000]);
    receiver.failWhen = undefined;
    const resumed = await run({ destination: 'dst_hook', batchSize: 2 });
    expect(resumed).toMatchObject({ status: 'completed', exported: 4, cursorFrom: broken.cursor, remaining: 0 });
    expect(receiver.events.map((event) => (event.properties as { n: number }).n)).toEqual([0, 1, 2, 3, 4, 5]);
    // The failed batch was resent with the same idempotency key.
    const keys = receiver.arrivals.map((arrival) => arrival.headers['idempotency-key']);
    expect(keys.filter((key) => key === failed.requestId).length).toBe(6);
    expect(receiver.arrivals.every((arrival) => verifyHmac(arrival, 'from-env'))).toBe(true);
    delete process.env.HA_TEST_HOOK_SECRET;
  });

  it('honours Retry-After on 429 and retries 5xx once recovered within the bound', async () => {
    await ingest(1);
    receiver.script.push({ status: 429, retryAfter: '3' }, { status: 503 });
    const result = await run({ destination: 'https', config: { url: receiver.url } });
    expect(result.status).toBe('completed');
    expect(sleeps).toEqual([3000, 750]);
    expect((await receipt(result.receipts[0]!)).attempts).toBe(3);
    receiver.script.push({ status: 429, retryAfter: '3600' });
    const tooLate = await run({ destination: 'https', config: { url: receiver.url }, after: 0 });
    expect(tooLate.status).toBe('failed');
    expect(tooLate.error).toMatch(/beyond the retry bound/);
  });

  it('does not retry a 4xx refusal', async () => {
    await ingest(1);
    receiver.script.push({ status: 400 });
    const result = await run({ destination: 'https', config: { url: receiver.url } });
    expect(result).toMatchObject({ status: 'failed', exported: 0 });
    expect((await receipt(result.receipts[0]!)).attempts).toBe(1);
  });
});

describe('SSRF guard', () => {
  it('refuses loopback, metadata, IPv6 loopback, localhost and a redirect to a private address without the allow-list', async () => {
    await ingest(1);
    const receiver = await startReceiver();
    const redirector = await startPeer(() => ({ status: 302, body: {}, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }));
    try {
      t.engine.services.exports.policy = { allow: [] };
      for (const url of [receiver.url, 'http://169.254.169.254/latest/meta-data/', `http://[::1]:${new URL(receiver.url).port}/`, `http://localhost:${new URL(receiver.url).port}/`]) {
        const error = await refused('export_to_destination', { destination: 'https', config: { url } });
        expect(error.code, url).toBe('FORBIDDEN');
      }
      t.engine.services.exports.policy = { allow: ['127.0.0.1'] };
      const error = await refused('export_to_destination', { destination: 'https', config: { url: redirector.url } });
      expect(error).toMatchObject({ code: 'FORBIDDEN', details: { outbound: { host: '169.254.169.254' } } });
      expect(receiver.arrivals).toEqual([]);
      expect(redirector.arrivals).toHaveLength(1);
    } finally {
      await receiver.close();
      await redirector.close();
    }
  });
});

describe('warehouse destinations', () => {
  it('BigQuery: the spec body inline, insertAll with an insertId per row; insertErrors stop the export', async () => {
    await ingest(3);
    const bigquery = await startBigQuery();
    try {
      const config = { projectId: 'analytics-prod', datasetId: 'headlessanalytics', tableId: 'events', apiEndpoint: bigquery.url, token: 'ya29.test' };
      // Through @google-cloud/bigquery with the endpoint override; its 429 is retried by us after Retry-After.
      bigquery.script.push({ status: 429, retryAfter: '2' });
      const result = await run({ destination: 'bigquery', limit: 500, config });
      expect(result).toMatchObject({ status: 'completed', exported: 3 });
      expect(sleeps).toEqual([2000]);
      expect(bigquery.arrivals).toHaveLength(2);
      expect(String(bigquery.arrivals[1]!.headers['user-agent'])).toMatch(/bigquery/);
      const arrival = bigquery.arrivals[1];
      expect(arrival!.path.split('?')[0]).toBe('/bigquery/v2/projects/analytics-prod/datasets/headlessanalytics/tables/events/insertAll');
      expect(arrival!.headers.authorization).toBe('Bearer ya29.test');
      const body = arrival!.body as { kind: string; rows: { insertId: string; json: { event: string } }[] };
      expect(body.kind).toBe('bigquery#tableDataInsertAllRequest');
      expect(new Set(body.rows.map((row) => row.insertId)).size).toBe(3);
      expect(bigquery.rows.size).toBe(3);
      await ingest(1, 3);
      // The table refuses the next event's row: insertAll answers 200 with insertErrors, which is not an acknowledgement.
      bigquery.failWhen = (arrival) => {
        for (const row of (arrival.body as { rows: { insertId: string }[] }).rows) bigquery.reject.add(row.insertId);
        return undefined;
      };
      const refusedRows = await run({ destination: 'bigquery', config, after: result.cursor });
      expect(refusedRows).toMatchObject({ status: 'failed', exported: 0 });
      expect(refusedRows.error).toMatch(/insertErrors/);
      expect(bigquery.rows.size).toBe(3);
    } finally {
      await bigquery.close();
    }
  });

  it('Snowflake: SQL API v2 statement with array bindings, bearer token, a requestId stable across a retried batch', async () => {
    await ingest(4);
    const snowflake = await startSnowflake();
    try {
      snowflake.script.push({ status: 503 });
      const result = await run({ destination: 'snowflake', batchSize: 2, config: { account: 'acme', url: snowflake.url, database: 'ANALYTICS', schema: 'PUBLIC', table: 'EVENTS', warehouse: 'WH', token: 'sf-token' } });
      expect(result).toMatchObject({ status: 'completed', exported: 4, batches: 2 });
      expect(snowflake.inserted).toHaveLength(2);
      expect(snowflake.inserted.flat()).toHaveLength(4);
      const [first, retried] = snowflake.arrivals;
      expect(new URL(first!.path, 'http://x').searchParams.get('requestId')).toBe(new URL(retried!.path, 'http://x').searchParams.get('requestId'));
      expect(first!.headers.authorization).toBe('Bearer sf-token');
      expect((first!.body as { statement: string }).statement).toBe('INSERT INTO EVENTS (ID, SEQ, EVENT, BODY) SELECT ?, ?, ?, PARSE_JSON(?)');
      expect((await receipt(result.receipts[0]!)).externalId).toBe('01b2c3d4-0000-0001');
    } finally {
      await snowflake.close();
    }
  });

  it('Redshift: Data API ExecuteStatement through the SDK with the endpoint override and a ClientToken', async () => {
    await ingest(2);
    const redshift = await startRedshiftData();
    try {
      const result = await run({ destination: 'redshift', config: { database: 'dev', table: 'public.events', workgroupName: 'analytics', endpoint: redshift.url, accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
      expect(result).toMatchObject({ status: 'completed', exported: 2 });
      expect(redshift.statements[0]!.Sql).toBe('INSERT INTO public.events (id, seq, event, body) VALUES (:id0, :seq0, :event0, :body0), (:id1, :seq1, :event1, :body1)');
      expect(redshift.arrivals[0]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
      expect((redshift.arrivals[0]!.body as { ClientToken: string; WorkgroupName: string })).toMatchObject({ WorkgroupName: 'analytics', ClientToken: expect.stringMatching(/^inline-redshift:/) });
      expect((await receipt(result.receipts[0]!)).externalId).toMatch(/^d9b6c0c9-/);
    } finally {
      await redshift.close();
    }
  });

  it('S3: PutObject per batch into s3rver with the endpoint override and path-style keys', async () => {
    await ingest(3);
    const s3dir = mkdtempSync(join(tmpdir(), 'ha-s3rver-'));
    const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: 'exports' }] });
    const { port } = await s3rver.run();
    try {
      const endpoint = `http://127.0.0.1:${port}`;
      const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
      await expectOk(t.call('create_export_destination', { name: 'Lake', kind: 's3', config: { bucket: 'exports', prefix: 'ha/', endpoint, ...credentials } }));
      const result = await run({ destination: 'dst_lake', batchSize: 2 });
      expect(result).toMatchObject({ status: 'completed', exported: 3, batches: 2 });
      const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials });
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'exports', Prefix: 'ha/' }));
      expect(listed.Contents?.map((object) => object.Key)).toHaveLength(2);
      const key = (await receipt(result.receipts[0]!)).externalId!;
      const object = await client.send(new GetObjectCommand({ Bucket: 'exports', Key: key }));
      const lines = (await object.Body!.transformToString()).trim().split('\n');
      expect(lines).toHaveLength(2);
      client.destroy();
    } finally {
      await s3rver.close();
      rmSync(s3dir, { recursive: true, force: true });
    }
  });

  it('GCS: a multipart upload per batch through @google-cloud/storage with apiEndpoint; a 503 is retried by us', async () => {
    await ingest(3);
    const objects = new Map<string, string>();
    const gcs = await startPeer((arrival) => {
      const url = new URL(arrival.path, 'http://peer');
      const boundary = /boundary=([^;]+)/.exec(String(arrival.headers['content-type']))?.[1];
      const parts = arrival.text.split(`--${boundary}`).slice(1, -1).map((part) => part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/).slice(1).join('\n\n'));
      const name = url.searchParams.get('name')!;
      objects.set(name, parts[1]!.replace(/\r?\n$/, ''));
      return { status: 200, body: { kind: 'storage#object', name, bucket: 'lake', generation: String(objects.size) } };
    });
    try {
      gcs.script.push({ status: 503 });
      const result = await run({ destination: 'gcs', batchSize: 2, config: { bucket: 'lake', prefix: 'ha/', apiEndpoint: gcs.url } });
      expect(result).toMatchObject({ status: 'completed', exported: 3, batches: 2 });
      expect(gcs.arrivals[0]!.path).toMatch(/^\/upload\/storage\/v1\/b\/lake\/o\?uploadType=multipart&name=ha%2F\d+-\d+\.ndjson$/);
      expect([...objects.keys()]).toHaveLength(2);
      expect([...objects.values()].flatMap((text) => text.trim().split('\n')).map((line) => (JSON.parse(line) as { properties: { n: number } }).properties.n)).toEqual([0, 1, 2]);
      expect((await receipt(result.receipts[0]!)).attempts).toBe(2);
    } finally {
      await gcs.close();
    }
  });

  it('GraphNative: POSTs the operating-graph subgraph (nodes and edges)', async () => {
    await expectOk(t.call('ingest_event', { events: [{ event: 'qr.bottle_scanned', actor: { type: 'customer', id: 'c1' }, object: { type: 'product', id: 'oil' }, timestamp: T0 }] }));
    const graph = await startPeer(() => ({ status: 202, body: { accepted: true }, headers: { 'x-request-id': 'gn-1' } }));
    try {
      const result = await run({ destination: 'graphnative', config: { url: graph.url, token: 'gn-token' } });
      expect(result.status).toBe('completed');
      const body = graph.arrivals[0]!.body as { nodes: { type: string; id: string }[]; edges: unknown[] };
      expect(body.nodes.map((node) => `${node.type}:${node.id}`).sort()).toEqual(['customer:c1', 'product:oil']);
      expect(body.edges.length).toBeGreaterThan(0);
      expect(graph.arrivals[0]!.headers.authorization).toBe('Bearer gn-token');
    } finally {
      await graph.close();
    }
  });
});

describe('tenancy and bad input', () => {
  it("never shows or uses another workspace's destination or receipts; bad input names the field and stores nothing", async () => {
    await ingest(1);
    await expectOk(t.call('create_export_destination', { name: 'Mine', kind: 'file', config: { path: 'mine.ndjson' } }));
    const mine = await run({ destination: 'dst_mine' });
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    expect(await refused('get_export_destination', { id: 'dst_mine' }, stranger)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused('export_to_destination', { destination: 'dst_mine' }, stranger)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused('get_export_receipt', { id: mine.receipts[0] }, stranger)).toMatchObject({ code: 'NOT_FOUND' });
    expect(await refused('delete_export_destination', { id: 'dst_mine' }, stranger)).toMatchObject({ code: 'NOT_FOUND' });
    expect((await expectOk<{ receipts: unknown[] }>(t.call('list_export_receipts', {}, stranger))).receipts).toEqual([]);
    expect((await expectOk<{ destinations: unknown[] }>(t.call('list_export_destinations', {}, stranger))).destinations).toEqual([]);

    expect(await refused('export_to_destination', { destination: 'ftp' })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'destination' }] } });
    expect(await refused('export_to_destination', { destination: 'bigquery' })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'config' }] } });
    expect(await refused('export_to_destination', { destination: 'bigquery', config: { projectId: 'p', tableId: 't' } })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'config.datasetId' }] } });
    expect(await refused('create_export_destination', { name: 'Bad', kind: 'snowflake', config: { account: 'a', database: 'd', schema: 's', table: 'T' } })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'config.token' }] } });
    expect(await refused('create_export_destination', { name: 'Mine', kind: 'file', config: { path: 'x' } })).toMatchObject({ code: 'CONFLICT' });
    expect((await expectOk<{ destinations: unknown[] }>(t.call('list_export_destinations', {}))).destinations).toHaveLength(1);
    expect(await refused('get_export_destination', { id: 'dst_nope' })).toMatchObject({ code: 'NOT_FOUND' });

    const page = await expectOk<{ receipts: { id: string }[]; nextCursor: string | null }>(t.call('list_export_receipts', { destinationId: 'dst_mine', limit: 1 }));
    expect(page.receipts.map((row) => row.id)).toEqual(['rcpt_mine_1']);
    expect(page.nextCursor).toBeNull();
    expect(await expectOk(t.call('delete_export_destination', { id: 'dst_mine' }))).toEqual({ deleted: true, id: 'dst_mine' });
    expect(await refused('export_to_destination', { destination: 'dst_mine' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('SovereignProof destination', () => {
  it('sends each batch as a signed proof packet of its events; a batch retried in a later run resends the same packet', async () => {
    await ingest(3);
    const proof = await startPeer((arrival) => ({ status: 201, body: { id: `sp-${(arrival.body as { id: string }).id}` } }));
    try {
      await expectOk(t.call('create_export_destination', { name: 'Proofs', kind: 'sovereignproof', config: { url: proof.url, token: 'sp-token' } }));
      proof.failWhen = () => ({ status: 503 });
      const failed = await run({ destination: 'dst_proofs', batchSize: 2 });
      expect(failed).toMatchObject({ status: 'failed', exported: 0 });
      proof.failWhen = undefined;
      const done = await run({ destination: 'dst_proofs', batchSize: 2 });
      expect(done).toMatchObject({ status: 'completed', exported: 3, batches: 2 });
      const first = proof.arrivals[0]!;
      const resent = proof.arrivals[5]!;
      expect(resent.text).toBe(first.text);
      const packet = first.body as { id: string; rootHash: string; treeSize: number };
      expect(packet.treeSize).toBe(2);
      expect(first.headers.authorization).toBe('Bearer sp-token');
      const r = await receipt(done.receipts[0]!);
      expect(r.externalId).toBe(`sp-${packet.id}`);
      expect(r.payloadHash).toBe(createHash('sha256').update(first.text).digest('hex'));
      const stored = await expectOk<{ header: { rootHash: string } }>(t.call('get_proof_trail', { id: packet.id }));
      expect(stored.header.rootHash).toBe(packet.rootHash);
    } finally {
      await proof.close();
    }
  });
});

describe('operator settings as engine options', () => {
  it('reads HA_EXPORT_DIR, HA_OUTBOUND_ALLOW, HA_EXPORT_BIGQUERY_ENDPOINT and HA_SOVEREIGNPROOF_* in engineOptionsFromEnv', () => {
    const env = {
      HA_EXPORT_DIR: '/srv/exports',
      HA_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/8 peer.internal',
      HA_EXPORT_BIGQUERY_ENDPOINT: 'http://bq.internal:9050',
      HA_SOVEREIGNPROOF_URL: 'https://proof.internal/v1/packets',
      HA_SOVEREIGNPROOF_TOKEN: 'sp-token',
    };
    expect(engineOptionsFromEnv(env)).toMatchObject({
      exportDir: '/srv/exports',
      outboundAllow: ['127.0.0.1', '10.0.0.0/8', 'peer.internal'],
      exportEndpoints: { bigquery: 'http://bq.internal:9050' },
      sovereignProof: { url: 'https://proof.internal/v1/packets', token: 'sp-token' },
    });
    expect(engineOptionsFromEnv({})).not.toHaveProperty('exportDir');
  });

  it('lets a library user pass them: a file export and an allowed private peer without any environment variable', async () => {
    const own = mkdtempSync(join(tmpdir(), 'ha-exports-options-'));
    const bigquery = await startBigQuery();
    const engine = await openTestEngine({ exportDir: own, outboundAllow: ['127.0.0.1'], exportEndpoints: { bigquery: bigquery.url } });
    try {
      expect(process.env.HA_EXPORT_DIR).toBeUndefined();
      await expectOk(engine.call('ingest_event', { events: [{ event: 'order.created', actor: 'c_1', timestamp: T0 }] }));
      const file = await expectOk<Result>(engine.call('export_to_destination', { destination: 'file', config: { path: 'events.ndjson' } }));
      expect(file).toMatchObject({ status: 'completed', exported: 1 });
      expect(readFileSync(join(own, 'events.ndjson'), 'utf8').trim().split('\n')).toHaveLength(1);
      const warehouse = await expectOk<Result>(engine.call('export_to_destination', { destination: 'bigquery', config: { projectId: 'p', datasetId: 'd', tableId: 't' } }));
      expect(warehouse).toMatchObject({ status: 'completed', exported: 1 });
      expect(bigquery.rows.size).toBe(1);
    } finally {
      await engine.engine.close();
      await bigquery.close();
      rmSync(own, { recursive: true, force: true });
    }
  });
});
