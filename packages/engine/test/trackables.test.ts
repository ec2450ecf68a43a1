import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readQrPng } from '../src/domain/trackables/codes/__fixtures__/read-codes.js';
import type { Principal, ToolProgress } from '../src/index.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const NOW = Date.UTC(2026, 3, 15, 12, 0, 0);
const MINUTE = 60_000;
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const BAG = { kind: 'qr_code', name: 'Ethiopia Single-Origin Bag', targetUrl: 'https://roastandorigin.com/ethiopia?ref=bag', metadata: { campaign: 'spring-launch', sku: 'ETH-250G' } };

type Answer = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let now = NOW;
let t: TestEngine;
let anonymous: Principal;
beforeEach(async () => {
  now = NOW;
  t = await openTestEngine({ clock: () => now, publicUrl: 'https://scan.example.com' });
  anonymous = t.engine.anonymousPrincipal();
});
afterEach(() => t.engine.close());

const ok = (name: string, input: unknown, as?: Principal) => expectOk<Answer>(t.call(name, input, as));
async function fails(name: string, input: unknown, as?: Principal) {
  const result = await t.call(name, input, as);
  if (result.ok) throw new Error(`${name} succeeded: ${JSON.stringify(result.output)}`);
  return { code: result.error.code, message: result.error.message, paths: (result.error.details?.issues ?? []).map((issue) => issue.path) };
}
const scan = (code: string, userAgent = IPHONE, clientAddress = '203.0.113.7') => ok('record_scan', { code, userAgent, clientAddress, language: 'en-US,en;q=0.9' }, anonymous);

describe('create_trackable', () => {
  it('derives readable ids: first and last word of the name and a per-stem sequence', async () => {
    const first = await ok('create_trackable', BAG);
    expect(first).toMatchObject({
      id: 'ethiopia-bag-001',
      kind: 'qr_code',
      eventName: 'qr.scanned',
      status: 'active',
      scanCode: 'ethiopia-bag-001',
      scanUrl: 'https://scan.example.com/t/ethiopia-bag-001',
      digitalLinkUri: null,
      createdAt: NOW,
    });
    expect((await ok('create_trackable', { ...BAG, name: 'Ethiopia bag' })).id).toBe('ethiopia-bag-002');
    expect((await ok('create_trackable', { kind: 'sensor', name: 'Roaster' })).id).toBe('roaster-001');
    expect((await ok('create_trackable', { kind: 'mcp_server', name: '☕' })).id).toBe('mcp-server-001');
    expect((await ok('create_trackable', { ...BAG, id: 'bag-special' })).id).toBe('bag-special');
    expect(await fails('create_trackable', { ...BAG, id: 'bag-special' })).toMatchObject({ code: 'CONFLICT' });
    const defaults = await Promise.all(
      ['barcode', 'rfid', 'sensor', 'robot', 'agent', 'mcp_server', 'cli_workflow', 'custom'].map((kind) =>
        ok('create_trackable', { kind, name: `Thing ${kind}`, ...(kind === 'barcode' ? { barcode: { symbology: 'code128', text: 'ABC-1' } } : {}) }),
      ),
    );
    expect(defaults.map((answer) => answer.eventName)).toEqual(['barcode.scanned', 'rfid.read', 'sensor.reading', 'robot.action', 'agent.action', 'mcp.tool_called', 'cli.command_run', 'trackable.used']);
  });

  it('answers the QR code of the scan URL (SVG, and a PNG that decodes back to it) and the GS1 Digital Link for a GTIN', async () => {
    const created = await ok('create_trackable', { ...BAG, metadata: { gtin: '9521234543213', lot: 'L2026-04', serial: 'A/1' }, includeQrSvg: true, includeQrPng: true });
    expect(created.qrSvg).toMatch(/^<svg/);
    expect(readQrPng(Buffer.from(created.qrPngBase64, 'base64'))).toBe('https://scan.example.com/t/ethiopia-bag-001');
    expect(created.digitalLinkUri).toBe('https://scan.example.com/01/09521234543213/10/L2026-04/21/A%2F1');
    const code = await ok('get_trackable_code', { id: 'ethiopia-bag-001', format: 'png', qrContent: 'digital_link' });
    expect(readQrPng(Buffer.from(code.pngBase64, 'base64'))).toBe(created.digitalLinkUri);
    expect(await ok('get_trackable_code', { id: 'ethiopia-bag-001', format: 'digital_link' })).toMatchObject({ content: created.digitalLinkUri });
  });

  it('gives barcode and RFID trackables their codes: check digits, SGTIN-96 encoded or decoded', async () => {
    expect((await ok('create_trackable', { kind: 'barcode', name: 'Bag EAN', barcode: { symbology: 'ean13', text: '952123454321' } })).barcode).toEqual({ symbology: 'ean13', text: '9521234543213' });
    expect((await ok('create_trackable', { kind: 'barcode', name: 'From GTIN', metadata: { gtin: '9521234543213' } })).barcode).toEqual({ symbology: 'ean13', text: '9521234543213' });
    const tag = await ok('create_trackable', { kind: 'rfid', name: 'Pallet', metadata: { companyPrefix: '0614141', itemReference: '812345', serial: 6789 } });
    expect(tag.sgtin96).toEqual({ hex: '3034257BF7194E4000001A85', pureIdentityUri: 'urn:epc:id:sgtin:0614141.812345.6789', tagUri: 'urn:epc:tag:sgtin-96:1.0614141.812345.6789' });
    const decoded = await ok('create_trackable', { kind: 'rfid', name: 'Read tag', metadata: { epc: '3034257BF7194E4000001A85' } });
    expect(decoded.sgtin96.pureIdentityUri).toBe('urn:epc:id:sgtin:0614141.812345.6789');
    expect(await ok('get_trackable_code', { id: tag.id, format: 'sgtin96' })).toMatchObject({ content: '3034257BF7194E4000001A85' });
    expect((await ok('get_trackable_code', { id: 'bag-ean-001', format: 'svg' })).svg).toMatch(/<svg/);
  });

  it('refuses bad input naming the field, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...BAG, kind: 'hologram' }, 'kind'],
      [{ ...BAG, targetUrl: 'javascript:alert(1)' }, 'targetUrl'],
      [{ ...BAG, metadata: { gtin: '9521234543214' } }, 'metadata.gtin'],
      [{ ...BAG, metadata: { gtin: '9521234543213', lot: 'x'.repeat(21) } }, 'metadata.lot'],
      [{ kind: 'barcode', name: 'Bad', barcode: { symbology: 'ean13', text: '9521234543214' } }, 'barcode.text'],
      [{ kind: 'barcode', name: 'None' }, 'barcode'],
      [{ kind: 'rfid', name: 'Bad tag', metadata: { companyPrefix: '12', itemReference: '1', serial: 1 } }, 'metadata.companyPrefix'],
      [{ kind: 'rfid', name: 'Bad epc', metadata: { epc: 'ZZ' } }, 'metadata.epc'],
      [{ ...BAG, count: 10_001 }, 'count'],
      [{ ...BAG, id: 'has space' }, 'id'],
      [{ ...BAG, count: 5, issueToken: true }, 'issueToken'],
      [{ ...BAG, qrContent: 'digital_link' }, 'qrContent'],
    ];
    for (const [input, field] of cases) expect(await fails('create_trackable', input), field).toMatchObject({ code: 'INVALID_INPUT', paths: [field] });
    expect((await ok('list_trackables', {})).trackables).toEqual([]);
  });

  it('creates 10,000 numbered trackables in one call with a bounded answer, reporting progress', async () => {
    const updates: ToolProgress[] = [];
    const started = performance.now();
    const result = await t.engine.invoke('create_trackable', { ...BAG, count: 10_000, includeQrSvg: true }, { principal: t.principal, surface: 'mcp', progress: (update) => updates.push(update) });
    const elapsed = performance.now() - started;
    expect(result.ok).toBe(true);
    const answer = (result as { output: Answer }).output;
    expect(answer.id).toBe('ethiopia-bag-00001');
    expect(answer.batch).toMatchObject({ created: 10_000, lastId: 'ethiopia-bag-10000' });
    expect(answer.batch.firstIds.slice(0, 2)).toEqual(['ethiopia-bag-00001', 'ethiopia-bag-00002']);
    expect(Buffer.byteLength(JSON.stringify(answer))).toBeLessThan(25_000);
    expect(elapsed).toBeLessThan(20_000);
    expect(updates.at(-1)).toEqual({ progress: 10_000, total: 10_000 });
    expect(updates.length).toBeGreaterThanOrEqual(10);
    // The cursor continues the batch after its first ids, in id order.
    const next = await ok('list_trackables', { batchId: answer.batch.batchId, cursor: answer.batch.nextCursor, limit: 2 });
    expect(next.trackables.map((row: Answer) => row.id)).toEqual(['ethiopia-bag-00021', 'ethiopia-bag-00022']);
    expect(next.trackables[0].name).toBe('Ethiopia Single-Origin Bag #21');
    // The next single one continues the stem's sequence.
    expect((await ok('create_trackable', BAG)).id).toBe('ethiopia-bag-10001');
  });

  it('numbers a bulk batch of GTIN products with serials, each resolving its own Digital Link', async () => {
    const created = await ok('create_trackable', { ...BAG, metadata: { gtin: '9521234543213', lot: 'L1' }, count: 12 });
    expect(created.digitalLinkUri).toBe('https://scan.example.com/01/09521234543213/10/L1/21/1');
    const seventh = await ok('record_scan', { gtin: '9521234543213', lot: 'L1', serial: '7', userAgent: IPHONE }, anonymous);
    expect(seventh.trackableId).toBe('ethiopia-bag-007');
    expect((await ok('record_scan', { gtin: '09521234543213', serial: '12', userAgent: IPHONE }, anonymous)).trackableId).toBe('ethiopia-bag-012');
    expect(await fails('record_scan', { gtin: '9521234543213', serial: '99' }, anonymous)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('scans and usage', () => {
  it('records a scan and redirects with UTM parameters; repeats and bots are marked, and counted apart', async () => {
    await ok('create_trackable', BAG);
    const first = await scan('ethiopia-bag-001');
    expect(first).toMatchObject({ outcome: 'recorded', bot: false, repeat: false, page: null });
    expect(first.location).toBe('https://roastandorigin.com/ethiopia?ref=bag&utm_source=qr&utm_medium=trackable&utm_campaign=spring-launch&utm_content=ethiopia-bag-001');
    now += 10 * MINUTE;
    expect(await scan('ethiopia-bag-001')).toMatchObject({ repeat: true, bot: false });
    now += 31 * MINUTE;
    expect(await scan('ethiopia-bag-001')).toMatchObject({ repeat: false });
    expect(await scan('ethiopia-bag-001', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toMatchObject({ bot: true, repeat: false });
    expect(await scan('ethiopia-bag-001', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)')).toMatchObject({ bot: true });
    expect(await scan('ethiopia-bag-001', IPHONE, '198.51.100.20')).toMatchObject({ bot: false, repeat: false });
    const stats = await ok('get_trackable_stats', { id: 'ethiopia-bag-001' });
    expect(stats).toMatchObject({ scans: 4, botScans: 2, repeatScans: 1, uniqueScanners: 2, firstSeenAt: NOW, lastSeenAt: NOW + 41 * MINUTE });
    const events = await ok('query_events', { event: 'qr.scanned', limit: 1 });
    const [latest] = events.events;
    expect(latest).toMatchObject({
      trackable: { id: 'ethiopia-bag-001', kind: 'qr_code', name: 'Ethiopia Single-Origin Bag', sku: 'ETH-250G', campaign: 'spring-launch' },
      source: { channel: 'qr', campaign: 'spring-launch' },
      object: { type: 'qr_code', id: 'ethiopia-bag-001' },
      properties: { usage: 'scan', bot: false, repeat: false, userAgent: IPHONE, language: 'en-US' },
    });
    expect(latest.actor.id).toMatch(/^scn_[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(events)).not.toContain('198.51.100.20');
  });

  it('marks every scan of a burst from one client but the first as a repeat', async () => {
    await ok('create_trackable', BAG);
    const burst = await Promise.all(Array.from({ length: 12 }, () => scan('ethiopia-bag-001')));
    expect(burst.filter((answer) => answer.repeat === false)).toHaveLength(1);
    expect(await ok('get_trackable_stats', { id: 'ethiopia-bag-001' })).toMatchObject({ scans: 12, repeatScans: 11, uniqueScanners: 1 });
  });

  it('paused redirects without recording; retired records nothing and answers a page; usage follows the same rule', async () => {
    await ok('create_trackable', BAG);
    await ok('update_trackable', { id: 'ethiopia-bag-001', status: 'paused' });
    expect(await scan('ethiopia-bag-001')).toMatchObject({ outcome: 'paused', eventId: null, location: expect.stringContaining('utm_source=qr') });
    expect(await ok('record_trackable_usage', { trackableId: 'ethiopia-bag-001', usage: 'qr_scan' })).toMatchObject({ recorded: false, eventId: null });
    await ok('update_trackable', { id: 'ethiopia-bag-001', status: 'retired' });
    const gone = await scan('ethiopia-bag-001');
    expect(gone).toMatchObject({ outcome: 'retired', location: null, eventId: null });
    expect(gone.page).toContain('no longer active');
    expect(await fails('record_trackable_usage', { trackableId: 'ethiopia-bag-001', usage: 'qr_scan' })).toMatchObject({ code: 'CONFLICT' });
    expect((await ok('get_trackable_stats', { id: 'ethiopia-bag-001' })).scans).toBe(0);
    await ok('update_trackable', { id: 'ethiopia-bag-001', targetUrl: null, status: 'active' });
    expect(await scan('ethiopia-bag-001')).toMatchObject({ outcome: 'recorded', location: null, page: expect.stringContaining('scan received') });
  });

  it('records usage with the trackable filled in, and counts the conversions that followed by the same actor', async () => {
    await ok('create_trackable', BAG);
    await ok('create_trackable', { kind: 'robot', name: 'Packing arm' });
    const used = await ok('record_trackable_usage', { trackableId: 'ethiopia-bag-001', usage: 'qr_scan', actor: { type: 'customer', id: 'cust_1' }, properties: { lot: 'L2026-04', campaign: 'autumn' } });
    expect(used).toMatchObject({ trackableId: 'ethiopia-bag-001', event: 'qr.scanned', recorded: true });
    const robot = await ok('record_trackable_usage', { trackableId: 'packing-arm-001', usage: 'pick', properties: { items: 3 } });
    const [stored] = (await ok('query_events', { event: 'robot.action' })).events;
    expect(stored).toMatchObject({ id: robot.eventId, actor: { type: 'robot', id: 'packing-arm-001' }, source: { channel: 'robot' }, properties: { usage: 'pick', items: 3 } });
    const [bagEvent] = (await ok('query_events', { event: 'qr.scanned' })).events;
    expect(bagEvent).toMatchObject({ source: { channel: 'qr', campaign: 'autumn' }, properties: { usage: 'qr_scan', lot: 'L2026-04' } });
    now += 2 * 24 * 60 * MINUTE;
    await ok('ingest_event', { event: 'order.created', actor: 'cust_1', properties: { revenue: 22 } });
    await ok('ingest_event', { event: 'order.created', actor: 'cust_2', properties: { revenue: 99 } });
    now += 10 * 24 * 60 * MINUTE;
    await ok('ingest_event', { event: 'page.viewed', actor: 'cust_1', properties: { revenue: 5 } });
    expect((await ok('get_trackable_stats', { id: 'ethiopia-bag-001' })).conversions).toEqual({ events: 1, actors: 1, revenue: 22, windowDays: 7 });
    expect((await ok('get_trackable_stats', { id: 'ethiopia-bag-001', windowDays: 30 })).conversions).toEqual({ events: 2, actors: 1, revenue: 27, windowDays: 30 });
    expect(await fails('record_trackable_usage', { trackableId: 'ethiopia-bag-001', usage: 'x', properties: { deep: { a: { b: { c: { d: { e: { f: 1 } } } } } } } })).toMatchObject({ code: 'INVALID_INPUT', paths: ['properties'] });
  });
});

describe('device tokens', () => {
  it('a token records its trackable\'s usage and nothing else; rotation and revocation cut the old one off', async () => {
    await ok('create_trackable', { kind: 'sensor', name: 'Roaster probe' });
    await ok('create_trackable', { kind: 'sensor', name: 'Other probe' });
    const created = await ok('create_trackable', { kind: 'sensor', name: 'Third probe', issueToken: true });
    expect(created.token.token).toMatch(/^ha_dev_/);
    const { token } = await ok('rotate_trackable_token', { id: 'roaster-probe-001' });
    const device = await t.engine.authenticate({ apiKey: token });
    expect(device).toMatchObject({ kind: 'trackable_token', trackableId: 'roaster-probe-001', scopes: ['write'] });
    expect(await ok('record_trackable_usage', { usage: 'reading', properties: { celsius: 212 } }, device)).toMatchObject({ trackableId: 'roaster-probe-001', event: 'sensor.reading', recorded: true });
    expect(await fails('record_trackable_usage', { trackableId: 'other-probe-001', usage: 'reading' }, device)).toMatchObject({ code: 'FORBIDDEN' });
    for (const [name, input] of [['ingest_event', { event: 'x' }], ['list_trackables', {}], ['get_trackable', { id: 'roaster-probe-001' }], ['rotate_trackable_token', { id: 'roaster-probe-001' }], ['query_events', {}], ['record_scan', { code: 'roaster-probe-001' }]] as const) {
      expect(await fails(name, input, device), name).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(t.engine.registry.descriptorsFor(device).map((tool) => tool.name)).toEqual(['record_trackable_usage']);
    expect((await ok('get_trackable', { id: 'roaster-probe-001' })).hasToken).toBe(true);
    const rotated = await ok('rotate_trackable_token', { id: 'roaster-probe-001' });
    expect(rotated.revoked).toBe(1);
    await expect(t.engine.authenticate({ apiKey: token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const fresh = await t.engine.authenticate({ apiKey: rotated.token });
    expect(await ok('record_trackable_usage', { usage: 'reading' }, fresh)).toMatchObject({ recorded: true });
    expect(await ok('revoke_trackable_token', { id: 'roaster-probe-001' })).toEqual({ trackableId: 'roaster-probe-001', revoked: 1 });
    await expect(t.engine.authenticate({ apiKey: rotated.token })).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await ok('get_trackable', { id: 'roaster-probe-001' })).hasToken).toBe(false);
    expect((await ok('get_trackable_stats', { id: 'roaster-probe-001' })).scans).toBe(2);
  });
});

describe('tenant isolation', () => {
  it('another workspace\'s trackable is NOT_FOUND; the same id elsewhere gets its own scan code', async () => {
    await ok('create_trackable', BAG);
    const other = await ok('create_workspace', { name: 'Other brand' });
    const them = await t.engine.authenticate({ apiKey: other.apiKey });
    for (const [name, input] of [
      ['get_trackable', { id: 'ethiopia-bag-001' }],
      ['update_trackable', { id: 'ethiopia-bag-001', name: 'Mine now' }],
      ['get_trackable_code', { id: 'ethiopia-bag-001' }],
      ['get_trackable_stats', { id: 'ethiopia-bag-001' }],
      ['record_trackable_usage', { trackableId: 'ethiopia-bag-001', usage: 'qr_scan' }],
      ['rotate_trackable_token', { id: 'ethiopia-bag-001' }],
      ['record_scan', { code: 'ethiopia-bag-001', userAgent: IPHONE }],
    ] as const) {
      expect(await fails(name, input, them), name).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await ok('list_trackables', {}, them)).trackables).toEqual([]);
    const theirs = await ok('create_trackable', BAG, them);
    expect(theirs.id).toBe('ethiopia-bag-001');
    expect(theirs.scanCode).toMatch(/^ethiopia-bag-001-[0-9a-f]{6}$/);
    await scan(theirs.scanCode);
    await scan('ethiopia-bag-001');
    await scan('ethiopia-bag-001', IPHONE, '198.51.100.1');
    expect((await ok('get_trackable_stats', { id: 'ethiopia-bag-001' }, them)).scans).toBe(1);
    expect((await ok('get_trackable_stats', { id: 'ethiopia-bag-001' })).scans).toBe(2);
    expect((await ok('get_trackable', { id: 'ethiopia-bag-001' })).name).toBe('Ethiopia Single-Origin Bag');
  });
});

describe('get_trackable_sheet', () => {
  it('prints a batch as a PDF of labelled codes, a sheet at a time', async () => {
    const batch = (await ok('create_trackable', { ...BAG, count: 30 })).batch;
    const sheet = await t.engine.invoke('get_trackable_sheet', { batchId: batch.batchId, limit: 25, title: 'Spring bags' }, { principal: t.principal, surface: 'rest' });
    const output = (sheet as { output: Answer }).output;
    expect(output).toMatchObject({ codes: 25, firstId: 'ethiopia-bag-001', lastId: 'ethiopia-bag-025' });
    expect(Buffer.from(output.pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    expect(Buffer.from(output.pdfBase64, 'base64').byteLength).toBe(output.bytes);
    const rest = await ok('get_trackable_sheet', { batchId: batch.batchId, limit: 25, cursor: output.nextCursor });
    expect(rest).toMatchObject({ codes: 5, firstId: 'ethiopia-bag-026', nextCursor: null });
    expect(await fails('get_trackable_sheet', { prefix: 'nothing-' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});
