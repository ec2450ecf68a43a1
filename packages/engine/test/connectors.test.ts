import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineErrorJSON } from '../src/index.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

type Report = { syncId: string; received: number; mapped: number; stored: number; updated: number; duplicates: number; failed: number; records: Array<{ index: number; recordId: string | null; status: string; eventIds: string[]; reason: string | null; previousVersion: string | null }> };
type StoredEvent = { event: string; messageId: string; properties: Record<string, unknown>; context?: { connector?: Record<string, unknown> }; businessId: string };

const NOW = Date.UTC(2026, 11, 4, 12);
let t: TestEngine;

const ingest = (input: Record<string, unknown>) => expectOk<Report>(t.call('ingest_connector_records', input));
const refused = async (name: string, input: unknown): Promise<EngineErrorJSON> => {
  const result = await t.call(name, input);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.output)}`);
  return result.error.toJSON();
};
const events = async (query: Record<string, unknown> = {}) => (await expectOk<{ events: StoredEvent[] }>(t.call('query_events', { limit: 1000, response_format: 'detailed', responseFormat: 'detailed', ...query }))).events;

beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
});
afterEach(() => t.engine.close());

describe('ingest_connector_records', () => {
  it('stores the api reference body verbatim as order.created, and a re-sent record once', async () => {
    const body = { provider: 'shopify', records: [{ id: 'order_1', total_price: 149, currency: 'USD' }] };
    const first = await ingest(body);
    expect(first).toMatchObject({ received: 1, mapped: 1, stored: 1, updated: 0, duplicates: 0, failed: 0, records: [{ index: 0, recordId: 'order_1', status: 'stored', reason: null }] });
    const again = await ingest(body);
    expect(again).toMatchObject({ stored: 0, duplicates: 1, records: [{ status: 'duplicate', eventIds: [] }] });
    const stored = await events();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ event: 'order.created', messageId: 'shopify:order:order_1:0', properties: { orderId: 'order_1', revenue: 149, currency: 'USD' } });
  });

  it('stores a newer version of a record as a new event that says it is an update', async () => {
    await ingest({ provider: 'shopify', records: [{ id: 'o7', total_price: '20.00', currency: 'USD', updated_at: '2026-12-01T10:00:00Z' }] });
    const updated = await ingest({ provider: 'shopify', records: [{ id: 'o7', total_price: '25.00', currency: 'USD', updated_at: '2026-12-02T10:00:00Z' }] });
    expect(updated).toMatchObject({ updated: 1, records: [{ status: 'updated', previousVersion: '2026-12-01T10:00:00Z' }] });
    const stored = await events();
    expect(stored.map((event) => event.event).sort()).toEqual(['order.created', 'order.updated']);
    const update = stored.find((event) => event.event === 'order.updated')!;
    expect(update.messageId).toBe('shopify:order:o7:2026-12-02T10:00:00Z');
    expect(update.context?.connector).toMatchObject({ update: true, previousVersion: '2026-12-01T10:00:00Z', recordId: 'o7' });
  });

  it('reports each bad record with its reason and stores the rest of a 10,000-record batch', async () => {
    const records: unknown[] = Array.from({ length: 10_000 }, (_, index) => ({ id: `bulk_${index}`, total_price: (index % 50) + 0.5, currency: 'EUR', created_at: '2026-12-01T00:00:00Z' }));
    records[17] = { id: 'bad_price', total_price: 'free', currency: 'EUR' };
    records[4242] = 'not a record';
    records[9999] = { total_price: 3, currency: 'EUR' };
    const report = await ingest({ provider: 'shopify', records });
    expect(report).toMatchObject({ received: 10_000, stored: 9_997, failed: 3 });
    expect(report.records.filter((record) => record.status === 'failed').map(({ index, reason }) => ({ index, reason }))).toEqual([
      { index: 17, reason: 'records[17].total_price: must be a number or a numeric string' },
      { index: 4242, reason: 'records[4242]: must be a JSON object' },
      { index: 9999, reason: 'records[9999].id: is required' },
    ]);
    expect(await events({ limit: 1 })).toHaveLength(1);
    const sync = await expectOk<{ status: string; received: number; stored: number; failed: number; failures: unknown[] }>(t.call('get_connector_sync', { id: report.syncId }));
    expect(sync).toMatchObject({ status: 'partial', received: 10_000, stored: 9_997, failed: 3 });
    expect(sync.failures).toHaveLength(3);
  }, 60_000);

  it('refuses an unknown provider or record type naming the field, storing nothing', async () => {
    expect(await refused('ingest_connector_records', { provider: 'nope', records: [{}] })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'provider' }] } });
    expect(await refused('ingest_connector_records', { provider: 'shopify', recordType: 'invoice', records: [{}] })).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'recordType' }] } });
    expect(await events()).toEqual([]);
    expect((await expectOk<{ syncs: unknown[] }>(t.call('list_connector_syncs', {}))).syncs).toEqual([]);
  });

  it('lists sync records newest first with cursor paging, numbered per provider', async () => {
    for (let n = 0; n < 3; n += 1) await ingest({ provider: 'shopify', records: [{ id: `p${n}`, total_price: 1, currency: 'USD' }] });
    const first = await expectOk<{ syncs: Array<{ id: string }>; nextCursor: string | null }>(t.call('list_connector_syncs', { limit: 2 }));
    expect(first.syncs.map((sync) => sync.id)).toEqual(['sync_shopify_3', 'sync_shopify_2']);
    const second = await expectOk<{ syncs: Array<{ id: string }>; nextCursor: string | null }>(t.call('list_connector_syncs', { limit: 2, cursor: first.nextCursor }));
    expect(second).toMatchObject({ syncs: [{ id: 'sync_shopify_1' }], nextCursor: null });
  });
});

describe('connector configs', () => {
  it('seals the secret, never answers it, and takes an env name instead', async () => {
    const created = await expectOk<Record<string, unknown>>(t.call('create_connector', { provider: 'shopify', id: 'con_shop_a', secret: 'shpss_topsecret' }));
    expect(created).toMatchObject({ id: 'con_shop_a', scheme: 'shopify', secret: 'sealed', secretEnv: null, webhookPath: '/api/connectors/shopify/webhook?connectorId=con_shop_a' });
    expect(JSON.stringify(created)).not.toContain('topsecret');
    const stored = await t.engine.services.connectors.repo.getConfig(t.principal.workspaceId, 'con_shop_a');
    expect(stored!.sealedSecret).toBeTruthy();
    expect(stored!.sealedSecret).not.toContain('topsecret');
    const updated = await expectOk<Record<string, unknown>>(t.call('update_connector', { id: 'con_shop_a', secret: { env: 'HA_TEST_SHOP_SECRET' }, businessId: 'roastery' }));
    expect(updated).toMatchObject({ secret: 'env', secretEnv: 'HA_TEST_SHOP_SECRET', businessId: 'roastery' });
    const listed = await expectOk<{ connectors: Array<{ id: string }> }>(t.call('list_connectors', { provider: 'shopify' }));
    expect(listed.connectors.map((connector) => connector.id)).toEqual(['con_shop_a']);
    expect(await refused('create_connector', { provider: 'shopify', id: 'con_shop_a' })).toMatchObject({ code: 'CONFLICT' });
    await expectOk(t.call('delete_connector', { id: 'con_shop_a' }));
    expect(await refused('get_connector', { id: 'con_shop_a' })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('receive_connector_webhook', () => {
  const secret = 'shpss_webhook_secret';
  const shopifyDelivery = (body: string, webhookId: string, key = secret) => ({
    provider: 'shopify',
    connectorId: 'con_shop_b',
    rawBody: body,
    headers: { 'X-Shopify-Hmac-Sha256': createHmac('sha256', key).update(body).digest('base64'), 'X-Shopify-Topic': 'orders/create', 'X-Shopify-Webhook-Id': webhookId },
  });
  const anonymous = () => ({ workspaceId: '', keyId: null, scopes: [], kind: 'anonymous' as const });
  const asAnonymous = (input: unknown) => t.engine.invoke('receive_connector_webhook', input, { principal: anonymous(), surface: 'rest' });

  beforeEach(async () => {
    await expectOk(t.call('create_connector', { provider: 'shopify', id: 'con_shop_b', secret, businessId: 'roastery' }));
  });

  it('verifies, ingests into the connector\'s workspace and business, and refuses a replay', async () => {
    const body = JSON.stringify({ id: 820982911946154500, total_price: '403.00', currency: 'USD', updated_at: '2026-12-04T11:59:00Z' });
    const result = await asAnonymous(shopifyDelivery(body, 'wh_1'));
    expect(result.ok, JSON.stringify(!result.ok && result.error.toJSON())).toBe(true);
    expect(result.ok && result.output).toMatchObject({ outcome: 'ingested', deliveryId: 'wh_1', report: { stored: 1, businessId: 'roastery' } });
    const replay = await asAnonymous(shopifyDelivery(body, 'wh_1'));
    expect(!replay.ok && replay.error.code).toBe('CONFLICT');
    expect(await events()).toHaveLength(1);
    expect((await events())[0]!.businessId).toBe('roastery');
    const usage = await expectOk<{ rows: Array<{ tool: string; calls: number }> }>(t.call('get_usage', { tool: 'receive_connector_webhook' }));
    expect(usage.rows.reduce((sum, row) => sum + row.calls, 0)).toBe(2);
  });

  it('refuses a bad signature with nothing stored', async () => {
    const body = JSON.stringify({ id: 1, total_price: '1.00', currency: 'USD' });
    const result = await asAnonymous(shopifyDelivery(body, 'wh_2', 'wrong secret'));
    expect(!result.ok && result.error.toJSON()).toMatchObject({ code: 'UNAUTHENTICATED', details: { issues: [{ path: 'headers.x-shopify-hmac-sha256' }] } });
    expect(await events()).toEqual([]);
    expect((await expectOk<{ syncs: unknown[] }>(t.call('list_connector_syncs', {}))).syncs).toEqual([]);
  });

  it('never lands a webhook of workspace A in workspace B', async () => {
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const body = JSON.stringify({ id: 5, total_price: '5.00', currency: 'USD' });
    expect((await asAnonymous(shopifyDelivery(body, 'wh_3'))).ok).toBe(true);
    {
      const principal = await t.engine.authenticate({ apiKey: other.apiKey });
      const seen = await expectOk<{ events: unknown[] }>(t.engine.invoke('query_events', { limit: 10 }, { principal, surface: 'internal' }));
      expect(seen.events).toEqual([]);
      const foreign = await t.engine.invoke('receive_connector_webhook', shopifyDelivery(body, 'wh_4'), { principal, surface: 'internal' });
      expect(!foreign.ok && foreign.error.code).toBe('NOT_FOUND');
    }
    expect(await events()).toHaveLength(1);
  });
});

describe('tool examples', () => {
  it('each connectors tool\'s first example succeeds after the contract test\'s connector seed', async () => {
    await expectOk(t.call('create_connector', { provider: 'shopify', id: 'con_contract_shop', secret: 'contract-webhook-secret' }));
    await expectOk(t.call('create_connector', { provider: 'shopify', id: 'con_scratch' }));
    await expectOk(t.call('ingest_connector_records', { provider: 'shopify', records: [{ id: 207119551, email: 'bob.norman@mail.example.com', first_name: 'Bob', orders_count: 1 }] }));
    const anonymous = { workspaceId: '', keyId: null, scopes: [], kind: 'anonymous' as const };
    const tools = t.engine.registry.list().filter((tool) => tool.toolset === 'connectors');
    expect(tools.length).toBe(9);
    for (const tool of tools) {
      const example = tool.examples?.[0] ?? {};
      const as = tool.name === 'receive_connector_webhook' ? anonymous : t.principal;
      const result = await t.engine.invoke(tool.name, example, { principal: as, surface: 'internal' });
      expect(result.ok, `${tool.name}: ${JSON.stringify(!result.ok && result.error.toJSON())}`).toBe(true);
    }
  });
});
