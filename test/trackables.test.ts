import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '@headlessanalytics/engine';
import { startServer, type RunningServer } from '@headlessanalytics/http-bridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBridge, type Bridge } from './rest-harness.js';
import { runHa } from './ha-cli.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';

/** The API reference's Create Trackable body, verbatim. */
const SPEC_BODY = `{
"kind": "qr_code",
"name": "Olive Oil Bottle QR",
"targetUrl": "https://roastandorigin.com/ethiopia",
"eventName": "qr.bottle_scanned",
"includeQrSvg": true
}`;

const ha = (args: string[], env: Record<string, string>) => runHa(args, { HA_API_URL: '', ...env });

const scan = (bridge: Bridge, path: string, headers: Record<string, string> = { 'user-agent': IPHONE }) =>
  fetch(`${bridge.url}${path}`, { redirect: 'manual', headers });

describe('trackables over REST', () => {
  let bridge: Bridge;
  beforeAll(async () => {
    bridge = await startBridge();
  });
  afterAll(() => bridge.close());

  it('takes the spec\'s POST /api/trackables body verbatim and answers the trackable with its QR SVG', async () => {
    const response = await fetch(`${bridge.url}/api/trackables`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bridge.adminKey}`, 'content-type': 'application/json' },
      body: SPEC_BODY,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toMatchObject({ id: 'olive-qr-001', kind: 'qr_code', eventName: 'qr.bottle_scanned', scanUrl: `${bridge.url}/t/olive-qr-001`, status: 'active' });
    expect(body.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  it('GET /t/{id} records the scan and 302s with UTM; bots and repeats are flagged; stats count people', async () => {
    await bridge.request('POST', '/api/trackables', { body: { kind: 'qr_code', name: 'Ethiopia Single-Origin Bag', targetUrl: 'https://roastandorigin.com/ethiopia', metadata: { campaign: 'spring-launch' } } });
    const first = await scan(bridge, '/t/ethiopia-bag-001', { 'user-agent': IPHONE, referer: 'https://instagram.com/', 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('https://roastandorigin.com/ethiopia?utm_source=qr&utm_medium=trackable&utm_campaign=spring-launch&utm_content=ethiopia-bag-001');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await scan(bridge, '/t/ethiopia-bag-001')).status).toBe(302);
    expect((await scan(bridge, '/t/ethiopia-bag-001', { 'user-agent': 'facebookexternalhit/1.1' })).status).toBe(302);
    const stats = await bridge.request('GET', '/api/trackables/ethiopia-bag-001/stats');
    expect(stats.body).toMatchObject({ scans: 2, botScans: 1, repeatScans: 1, uniqueScanners: 1 });
    const events = await bridge.request('GET', '/api/events?event=qr.scanned&limit=3');
    const [bot, repeat, person] = events.body.events;
    expect(bot.properties).toMatchObject({ bot: true, userAgent: 'facebookexternalhit/1.1' });
    expect(repeat.properties).toMatchObject({ bot: false, repeat: true });
    expect(person).toMatchObject({ properties: { repeat: false, referrer: 'https://instagram.com/', language: 'fr-FR' }, source: { channel: 'qr', campaign: 'spring-launch' } });
    expect(JSON.stringify(events.body)).not.toContain('127.0.0.1');
    expect((await scan(bridge, '/t/no-such-code')).status).toBe(404);
  });

  it('resolves GS1 Digital Link paths to the trackable, and answers 410 for a retired one', async () => {
    const created = await bridge.request('POST', '/api/trackables', { body: { kind: 'qr_code', name: 'Olive Oil Bottle', targetUrl: 'https://example.com/oil', metadata: { gtin: '9521234543213', lot: 'L2026-04', serial: '17' } } });
    expect(created.body.digitalLinkUri).toBe(`${bridge.url}/01/09521234543213/10/L2026-04/21/17`);
    const viaLink = await scan(bridge, '/01/09521234543213/10/L2026-04/21/17');
    expect(viaLink.status).toBe(302);
    expect(viaLink.headers.get('location')).toContain('utm_content=olive-bottle-001');
    expect((await scan(bridge, '/01/9521234543213')).status).toBe(302);
    await bridge.request('PATCH', '/api/trackables/olive-bottle-001', { body: { status: 'retired' } });
    const gone = await scan(bridge, '/t/olive-bottle-001');
    expect(gone.status).toBe(410);
    expect(gone.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await gone.text()).toContain('no longer active');
  });

  it('sends a batch\'s printable sheet as application/pdf', async () => {
    const created = await bridge.request('POST', '/api/trackables', { body: { kind: 'qr_code', name: 'Kenya AA Bag', count: 12 } });
    expect(created.body.batch).toMatchObject({ created: 12, lastId: 'kenya-bag-012' });
    const response = await fetch(`${bridge.url}/api/trackables/sheet.pdf?batchId=${created.body.batch.batchId}`, { headers: { authorization: `Bearer ${bridge.adminKey}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(response.headers.get('content-length'))).toBe(bytes.byteLength);
  });

  it('a device token posts to /api/track and is refused everywhere else', async () => {
    await bridge.request('POST', '/api/trackables', { body: { kind: 'robot', name: 'Packing arm' } });
    const { body: issued } = await bridge.request('POST', '/api/trackables/packing-arm-001/token');
    const tracked = await bridge.request('POST', '/api/track', { key: issued.token, body: { usage: 'pick', properties: { items: 3 } } });
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ trackableId: 'packing-arm-001', event: 'robot.action', recorded: true });
    for (const [method, path, body] of [['GET', '/api/trackables', undefined], ['POST', '/api/ingest', { event: 'x' }], ['GET', '/api/usage', undefined], ['POST', '/api/trackables/packing-arm-001/token', undefined]] as const) {
      expect((await bridge.request(method, path, { key: issued.token, ...(body ? { body } : {}) })).status, path).toBe(403);
    }
    expect((await bridge.request('GET', '/api/tools', { key: issued.token })).body.tools.map((tool: { name: string }) => tool.name)).toEqual(['record_trackable_usage']);
    await bridge.request('DELETE', '/api/trackables/packing-arm-001/token');
    expect((await bridge.request('POST', '/api/track', { key: issued.token, body: { usage: 'pick' } })).status).toBe(401);
  });

  it('documents the scan route in OpenAPI: the redirect, its headers, the PDF as binary', async () => {
    const { body: document } = await bridge.request('GET', '/api/openapi');
    const scanRoute = document.paths['/t/{code}'].get;
    expect(scanRoute.responses['302'].headers.Location).toBeDefined();
    expect(scanRoute.parameters.filter((parameter: { in: string }) => parameter.in === 'header').map((parameter: { name: string }) => parameter.name)).toEqual(['user-agent', 'referer', 'accept-language']);
    expect(scanRoute.parameters.map((parameter: { name: string }) => parameter.name)).not.toContain('clientAddress');
    expect(document.paths['/api/trackables/sheet.pdf'].get.responses['200'].content['application/pdf'].schema).toEqual({ type: 'string', format: 'binary' });
  });
});

describe('the spec flow on the ha CLI', () => {
  const API_KEY = 'ha_live_trackablestrackables0001';
  let dir: string;
  let databaseUrl: string;
  let engine: Engine;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ha-trackables-'));
    databaseUrl = `file:${join(dir, 'ha.db')}`;
    engine = await Engine.open({ databaseUrl, rateLimitPerMinute: 0 });
    await engine.bootstrap({ apiKey: API_KEY });
    server = await startServer({ engine, port: 0, host: '127.0.0.1', mcp: false, dashboard: false });
  });
  afterAll(async () => {
    await server.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const CREATE = ['create-trackable', 'qr_code', 'Ethiopia Single-Origin Bag', 'https://roastandorigin.com/ethiopia'];
  const USE = ['use', 'ethiopia-bag-001', 'qr_scan', '{"sku":"ETH-250G","lot":"L2026-04","campaign":"spring-launch"}'];

  it('creates ethiopia-bag-001 and records its use, against a started server', async () => {
    const env = { HA_API_URL: server.url, HA_API_KEY: API_KEY };
    const created = await ha(CREATE, env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: 'ethiopia-bag-001', targetUrl: 'https://roastandorigin.com/ethiopia', scanUrl: `${server.url}/t/ethiopia-bag-001` });
    const used = await ha(USE, env);
    expect(used.code, used.stderr).toBe(0);
    const answer = JSON.parse(used.stdout) as { eventId: string };
    expect(answer).toMatchObject({ trackableId: 'ethiopia-bag-001', event: 'qr.scanned', recorded: true });
    const principal = await engine.authenticate({ apiKey: API_KEY });
    const events = await engine.invoke('query_events', { event: 'qr.scanned' }, { principal, surface: 'internal' });
    expect(events.ok && (events.output as { events: unknown[] }).events[0]).toMatchObject({
      id: answer.eventId,
      trackable: { id: 'ethiopia-bag-001', kind: 'qr_code', name: 'Ethiopia Single-Origin Bag' },
      source: { channel: 'qr', campaign: 'spring-launch' },
      properties: { usage: 'qr_scan', sku: 'ETH-250G', lot: 'L2026-04', campaign: 'spring-launch' },
    });
  });

  it('runs embedded on the same database, and writes a sheet with --out', async () => {
    const env = { HA_DATABASE_URL: databaseUrl, HA_API_KEY: API_KEY };
    const created = await ha([...CREATE, '{"count":3}'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout).batch).toMatchObject({ created: 3, firstIds: ['ethiopia-bag-002', 'ethiopia-bag-003', 'ethiopia-bag-004'] });
    const used = await ha(USE, env);
    expect(used.code, used.stderr).toBe(0);
    const out = join(dir, 'sheet.pdf');
    const sheet = await ha(['trackable-sheet', '{"prefix":"ethiopia-bag-"}', '--out', out], env);
    expect(sheet.code, sheet.stderr).toBe(0);
    expect(JSON.parse(sheet.stdout)).toMatchObject({ codes: 4, out: { path: out, field: 'pdfBase64', contentType: 'application/pdf' } });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    // Not a terminal: no progress bar, only the JSON answer.
    expect(created.stderr).toBe('');
  });
});
