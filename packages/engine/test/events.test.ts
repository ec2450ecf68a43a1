import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const HOUR = 3_600_000;
let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => T0 + 48 * HOUR });
});
afterEach(async () => {
  await t.engine.close();
});

interface Page {
  events: Array<Record<string, unknown>>;
  nextCursor: string | null;
}

describe('ingest and query_events', () => {
  it('stores the full envelope with a sortable id and received-at time', async () => {
    const envelope = {
      event: 'qr.bottle_scanned',
      actor: { type: 'customer', id: 'anon_123' },
      object: { type: 'product', id: 'olive-oil-500ml' },
      source: { channel: 'qr', campaign: 'spring-launch' },
      properties: { sku: 'olive-oil-500ml', lot: 'L2026-04' },
      traceId: 'tr_1',
      trustTier: 'T1',
      outcome: { revenue: 5 },
      decisionId: 'dec_1',
      proofId: 'proof_1',
      timestamp: T0,
    };
    const { ids } = await expectOk<{ ids: string[] }>(t.call('ingest_event', envelope));
    const page = await expectOk<Page>(t.call('query_events', { traceId: 'tr_1' }));
    expect(page.events).toEqual([{ ...envelope, businessId: 'default', id: ids[0], receivedAt: T0 + 48 * HOUR }]);
  });

  it('gives an Agent Analytics project\'s events a session derived from a 30-minute inactivity gap', async () => {
    const { id: businessId } = await expectOk<{ id: string }>(t.call('create_project', { name: 'site' }));
    const at = [T0, T0 + 10 * 60_000, T0 + 50 * 60_000];
    await expectOk(t.call('ingest_event', { events: at.map((timestamp) => ({ event: 'page_view', businessId, actor: 'u1', timestamp })) }));
    await expectOk(t.call('ingest_event', { event: 'page_view', actor: 'u2', timestamp: T0 }));
    const ours = await expectOk<Page>(t.call('query_events', { businessId, actorId: 'u1', limit: 10 }));
    const sessions = ours.events.sort((a, b) => Number(a.timestamp) - Number(b.timestamp)).map((event) => event.sessionId);
    expect(sessions[0]).toMatch(/^s_/);
    expect(sessions[1]).toBe(sessions[0]);
    expect(sessions[2]).toMatch(/^s_/);
    expect(sessions[2]).not.toBe(sessions[0]);
    // a business that is not a project keeps its events as sent
    const plain = await expectOk<Page>(t.call('query_events', { actorId: 'u2' }));
    expect(plain.events[0]).not.toHaveProperty('sessionId');
  });

  it('stores one event for a repeated messageId, in one batch and across batches', async () => {
    const first = await expectOk<{ accepted: number; duplicates: number; ids: string[] }>(
      t.call('ingest_event', { events: [{ event: 'a', messageId: 'm1' }, { event: 'a', messageId: 'm1' }, { event: 'b' }], returnIds: true }),
    );
    expect(first).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(first.ids[0]).toBe(first.ids[1]);
    const again = await expectOk<{ accepted: number; duplicates: number; ids: string[] }>(t.call('ingest_event', { event: 'a', messageId: 'm1' }));
    expect(again).toEqual({ accepted: 0, duplicates: 1, ids: [first.ids[0]] });
    const metrics = await expectOk<{ totalEvents: number }>(t.call('query_metrics', {}));
    expect(metrics.totalEvents).toBe(2);
  });

  it('on a file database, a messageId repeated while its first commit is still being written stores one event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-events-'));
    const file = await openTestEngine({ databaseUrl: `file:${join(dir, 'events.db')}` });
    try {
      type Ingested = { accepted: number; duplicates: number; ids: string[] };
      const batch = (from: number) => ({ events: Array.from({ length: 1000 }, (_, index) => ({ event: 'e', actor: 'a', messageId: `m${from + index}`, timestamp: T0 })), returnIds: true });
      // Ten writes in one turn make one commit of 10,000 events; the writes after it arrive a turn apart, so
      // they are prepared while that commit (and then each other) is still being written.
      const writes: Array<ReturnType<TestEngine['call']>> = [];
      for (let from = 0; from < 10_000; from += 1000) writes.push(file.call('ingest_event', batch(from)));
      for (let from = 9500; from < 12_000; from += 500) {
        await new Promise((resolve) => setImmediate(resolve));
        writes.push(file.call('ingest_event', batch(from)));
      }
      const results = await Promise.all(writes.map((write) => expectOk<Ingested>(write)));
      expect(results.reduce((total, result) => total + result.accepted, 0)).toBe(12_500);
      expect(results.reduce((total, result) => total + result.duplicates, 0)).toBe(2500);
      const idOf = new Map<string, string>();
      for (const [index, result] of results.entries()) {
        const from = index < 10 ? index * 1000 : 9500 + (index - 10) * 500;
        result.ids.forEach((id, offset) => {
          const message = `m${from + offset}`;
          expect(idOf.get(message) ?? id, message).toBe(id);
          idOf.set(message, id);
        });
      }
      const stored = await file.engine.services.store.execute("SELECT count(*) AS n, count(DISTINCT message_id) AS m FROM events WHERE event = 'e'");
      expect(stored.rows[0]).toMatchObject({ n: 12_500, m: 12_500 });
    } finally {
      await file.engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('pages newest first with a cursor and filters by name, actor and range', async () => {
    await expectOk(
      t.call('ingest_event', {
        events: Array.from({ length: 25 }, (_, index) => ({ event: index % 2 ? 'odd' : 'even', actor: `u${index % 3}`, timestamp: T0 + index * 1000 })),
      }),
    );
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page: Page = await expectOk<Page>(t.call('query_events', { limit: 10, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.events.map((event) => Number(event.timestamp)));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, index) => T0 + (24 - index) * 1000));
    const odd = await expectOk<Page>(t.call('query_events', { event: 'odd', actorId: 'u1', from: T0 + 5000, to: T0 + 20_000 }));
    expect(odd.events.map((event) => event.timestamp)).toEqual([T0 + 19_000, T0 + 13_000, T0 + 7000]);
    const bad = await t.call('query_events', { cursor: 'garbage' });
    expect(!bad.ok && bad.error.details?.issues?.[0]?.path).toBe('cursor');
  });

  it('group-commits concurrent writes: every call acknowledged, fewer transactions than calls', async () => {
    const before = t.engine.services.health;
    const start = (await before.check()).ingest.commits;
    const results = await Promise.all(Array.from({ length: 200 }, (_, index) => t.call('ingest_event', { event: 'burst', properties: { n: index } })));
    expect(results.every((result) => result.ok)).toBe(true);
    const after = (await t.engine.services.health.check()).ingest;
    expect(after.commits - start).toBeLessThan(20);
    const metrics = await expectOk<{ metrics: Array<{ event: string; count: number; sums: Record<string, number> }> }>(t.call('query_metrics', { eventName: 'burst' }));
    expect(metrics.metrics).toEqual([{ event: 'burst', count: 200, sums: { 'properties.n': (199 * 200) / 2 } }]);
  });
});

describe('tenancy', () => {
  it('never shows one workspace another workspace\'s events, and revoked keys stop working', async () => {
    await expectOk(t.call('ingest_event', { event: 'secret', traceId: 'shared-trace' }));
    const other = await expectOk<{ apiKey: string; workspace: { id: string } }>(t.call('create_workspace', { name: 'Other' }));
    const otherPrincipal = await t.engine.authenticate({ apiKey: other.apiKey });
    expect(otherPrincipal.workspaceId).toBe(other.workspace.id);
    const seen = await expectOk<Page>(t.call('query_events', { traceId: 'shared-trace' }, otherPrincipal));
    expect(seen.events).toEqual([]);
    const metrics = await expectOk<{ totalEvents: number }>(t.call('query_metrics', {}, otherPrincipal));
    expect(metrics.totalEvents).toBe(0);
    const keys = await expectOk<{ keys: Array<{ id: string }> }>(t.call('list_api_keys', {}, otherPrincipal));
    expect(keys.keys).toHaveLength(1);
    const cross = await t.call('revoke_api_key', { keyId: t.principal.keyId }, otherPrincipal);
    expect(!cross.ok && cross.error.code).toBe('NOT_FOUND');
    await expectOk(t.call('revoke_api_key', { keyId: keys.keys[0]!.id }, otherPrincipal));
    await expect(t.engine.authenticate({ apiKey: other.apiKey })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('revoked') });
  });

  it('shows a created key once and stores only its hash', async () => {
    const created = await expectOk<{ apiKey: string; key: { prefix: string; scopes: string[] } }>(
      t.call('create_api_key', { name: 'sdk', scopes: ['write'], environment: 'test' }),
    );
    expect(created.apiKey).toMatch(/^ha_test_[A-Za-z0-9_-]{32}$/);
    expect(created.key.prefix).toBe(created.apiKey.slice(0, 12));
    const stored = await t.engine.services.store.execute('SELECT hash FROM api_keys WHERE prefix = ?', [created.key.prefix]);
    expect(String(stored.rows[0]?.hash)).not.toContain(created.apiKey);
    expect(String(stored.rows[0]?.hash)).toMatch(/^[0-9a-f]{64}$/);
  });
});
