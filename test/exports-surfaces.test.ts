import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBigQuery } from './peers/protocol-peers.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

/**
 * Destination exports over REST and the `ha` CLI against one listening server: the spec's BigQuery body verbatim on
 * POST /api/exports/destinations and `ha destination-export bigquery '{"limit":500,"config":{...}}'`, both landing in a
 * local insertAll peer (the operator's endpoint default and allow-list point the server at it).
 */

const SPEC_BODY = { destination: 'bigquery', limit: 500, config: { projectId: 'analytics-prod', datasetId: 'headlessanalytics', tableId: 'events' } };

let bridge: Bridge;
let bigquery: Awaited<ReturnType<typeof startBigQuery>>;

beforeAll(async () => {
  bigquery = await startBigQuery();
  bridge = await startBridge();
  // The operator settings of the server's exports service: the allow-list naming the peer, and its BigQuery endpoint.
  const exportsService = (bridge.engine.services as unknown as { exports: { policy: { allow: string[] }; endpoints: Record<string, string> } }).exports;
  exportsService.policy = { allow: ['127.0.0.1'] };
  exportsService.endpoints = { bigquery: bigquery.url };
  const events = Array.from({ length: 4 }, (_, index) => ({ event: 'order.created', actor: `c_${index}`, properties: { revenue: 10 + index }, timestamp: NOW - (10 - index) * 60_000 }));
  const ingested = await bridge.request('POST', '/api/ingest', { body: { events } });
  expect(ingested.status, JSON.stringify(ingested.body)).toBe(200);
});
afterAll(async () => {
  await bridge.close();
  await bigquery.close();
});

const ha = (args: string[]) => runHa(args, { HA_API_URL: bridge.url, HA_API_KEY: bridge.adminKey });

describe('destination exports over REST and the CLI', () => {
  it('REST: the spec body on POST /api/exports/destinations pushes the events to insertAll with an insertId each, and records a receipt', async () => {
    const reply = await bridge.request('POST', '/api/exports/destinations', { body: SPEC_BODY });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ destination: 'bigquery', kind: 'bigquery', status: 'completed', exported: 4, batches: 1, destinationId: null });
    expect(bigquery.arrivals[0]!.path.split('?')[0]).toBe('/bigquery/v2/projects/analytics-prod/datasets/headlessanalytics/tables/events/insertAll');
    expect(bigquery.rows.size).toBe(4);
    const receipt = await bridge.request('GET', `/api/export-receipts/${reply.body.receipts[0]}`);
    expect(receipt.status).toBe(200);
    expect(receipt.body).toMatchObject({ status: 'delivered', rowCount: 4, responseStatus: 200, kind: 'bigquery' });
    const listed = await bridge.request('GET', '/api/export-receipts?limit=10');
    expect(listed.body.receipts.map((row: { id: string }) => row.id)).toContain(reply.body.receipts[0]);
  });

  it('REST: bad input is a 400 naming the field, an unknown saved destination a 404, and nothing is sent', async () => {
    const before = bigquery.arrivals.length;
    const missing = await bridge.request('POST', '/api/exports/destinations', { body: { destination: 'bigquery', config: { projectId: 'p', tableId: 't' } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues).toEqual([expect.objectContaining({ path: 'config.datasetId' })]);
    const unknown = await bridge.request('POST', '/api/exports/destinations', { body: { destination: 'carrier-pigeon', config: {} } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.issues[0].path).toBe('destination');
    const notSaved = await bridge.request('POST', '/api/exports/destinations', { body: { destination: 'dst_nope' } });
    expect(notSaved.status).toBe(404);
    expect(bigquery.arrivals.length).toBe(before);
  });

  it("CLI: ha destination-export bigquery '{\"limit\":500,\"config\":{...}}' exactly as the overview writes it; a saved destination exports incrementally", async () => {
    const { destination: _destination, ...rest } = SPEC_BODY;
    const cli = await ha(['destination-export', 'bigquery', JSON.stringify(rest)]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ kind: 'bigquery', status: 'completed', exported: 4 });
    // The same insertIds again: the peer (like BigQuery's best-effort dedup) keeps one row per event.
    expect(bigquery.rows.size).toBe(4);

    const created = await ha(['destination-create', JSON.stringify({ name: 'Warehouse', kind: 'bigquery', config: SPEC_BODY.config })]);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 'dst_warehouse', cursor: 0 });
    const first = await ha(['destination-export', 'dst_warehouse']);
    expect(JSON.parse(first.stdout)).toMatchObject({ exported: 4, remaining: 0 });
    const again = await ha(['destination-export', 'dst_warehouse']);
    expect(JSON.parse(again.stdout)).toMatchObject({ exported: 0, batches: 0 });
    const receipts = await ha(['export-receipts', JSON.stringify({ destinationId: 'dst_warehouse' })]);
    expect(JSON.parse(receipts.stdout).receipts.map((row: { id: string }) => row.id)).toEqual(['rcpt_warehouse_1']);
    const shown = await ha(['destination', 'dst_warehouse']);
    expect(JSON.parse(shown.stdout).cursor).toBeGreaterThan(0);
  });
});
