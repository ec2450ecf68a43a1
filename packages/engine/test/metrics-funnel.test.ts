import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, useFileEngine, type TestEngine } from './support.js';

const T0 = Date.UTC(2026, 2, 2, 0, 0, 0); // a Monday
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => T0 + 30 * DAY });
});
afterEach(async () => {
  await t.engine.close();
});

interface Metric {
  event: string;
  count: number;
  sums: Record<string, number>;
  buckets?: Array<{ start: number; count: number; sums: Record<string, number> }>;
}

describe('query_metrics', () => {
  it('is exact at millisecond range edges, mixing hourly rollups and raw events', async () => {
    // one order every 10 minutes for 10 days, revenue = index
    const events = Array.from({ length: 6 * 24 * 10 }, (_, index) => ({
      event: 'order.created',
      timestamp: T0 + index * 10 * MIN,
      properties: { revenue: index, sku: 'ETH-250G' },
      outcome: { hoursSaved: 0.5 },
    }));
    for (let start = 0; start < events.length; start += 1000) await expectOk(t.call('ingest_event', { events: events.slice(start, start + 1000) }));
    const from = T0 + 95 * MIN; // first included: index 10 (100 min)
    const to = T0 + 5 * DAY + 17 * MIN; // last included: index 721 (7210 min)
    const expected = events.filter((event) => event.timestamp >= from && event.timestamp <= to);
    const result = await expectOk<{ totalEvents: number; metrics: Metric[] }>(t.call('query_metrics', { eventName: 'order.created', from, to }));
    expect(result.totalEvents).toBe(expected.length);
    expect(result.metrics).toEqual([
      {
        event: 'order.created',
        count: expected.length,
        sums: {
          'properties.revenue': expected.reduce((sum, event) => sum + event.properties.revenue, 0),
          'outcome.hoursSaved': expected.length * 0.5,
        },
      },
    ]);
    const inside = await expectOk<{ totalEvents: number }>(t.call('query_metrics', { from: T0 + 11 * MIN, to: T0 + 39 * MIN }));
    expect(inside.totalEvents).toBe(2);
  });

  it('adds up a batch whose rows switch between events, businesses and hours, and come back to earlier ones', async () => {
    // Consecutive rows alternate two names and two businesses, within and across hours, in one commit.
    const events = Array.from({ length: 600 }, (_, index) => ({
      event: index % 2 === 0 ? 'scan' : 'order',
      businessId: index % 3 === 0 ? 'cafe' : 'roastery',
      timestamp: T0 + Math.floor(index / 7) * 5 * MIN,
      properties: { revenue: index % 11 },
    }));
    await expectOk(t.call('ingest_event', { events }));
    // Whole hours only: answered from the hourly rollups.
    const to = T0 + Math.ceil((events.at(-1)!.timestamp + 1) / HOUR) * HOUR - T0 - 1;
    for (const businessId of ['cafe', 'roastery']) {
      const mine = events.filter((event) => event.businessId === businessId);
      const result = await expectOk<{ metrics: Metric[] }>(t.call('query_metrics', { businessId, from: T0, to: T0 + to, interval: 'hour' }));
      for (const name of ['order', 'scan']) {
        const expected = mine.filter((event) => event.event === name);
        const metric = result.metrics.find((candidate) => candidate.event === name)!;
        expect(metric.count, `${businessId} ${name}`).toBe(expected.length);
        expect(metric.sums['properties.revenue']).toBe(expected.reduce((sum, event) => sum + event.properties.revenue, 0));
        const byHour = new Map<number, number>();
        for (const event of expected) byHour.set(Math.floor(event.timestamp / HOUR) * HOUR, (byHour.get(Math.floor(event.timestamp / HOUR) * HOUR) ?? 0) + 1);
        expect(metric.buckets!.filter((bucket) => bucket.count > 0).map((bucket) => [bucket.start, bucket.count])).toEqual([...byHour]);
      }
    }
  });

  it('buckets by day and week (weeks start Monday, UTC) and persists a snapshot', async () => {
    await expectOk(
      t.call('ingest_event', {
        events: [
          { event: 'scan', timestamp: T0 + 1 * HOUR },
          { event: 'scan', timestamp: T0 + 2 * HOUR, properties: { qty: 2 } },
          { event: 'scan', timestamp: T0 + DAY + HOUR, properties: { qty: 3 } },
          { event: 'scan', timestamp: T0 + 7 * DAY + 5 * MIN },
          { event: 'other', timestamp: T0 + 3 * HOUR },
        ],
      }),
    );
    const byDay = await expectOk<{ metrics: Metric[]; snapshotId: string }>(
      t.call('save_metrics_snapshot', { eventName: 'scan', from: T0, to: T0 + 14 * DAY, interval: 'day' }),
    );
    expect(byDay.metrics[0]!.buckets).toEqual([
      { start: T0, count: 2, sums: { 'properties.qty': 2 } },
      { start: T0 + DAY, count: 1, sums: { 'properties.qty': 3 } },
      { start: T0 + 7 * DAY, count: 1, sums: {} },
    ]);
    expect(byDay.snapshotId).toMatch(/^snap_/);
    const stored = await t.engine.services.store.execute('SELECT result FROM metric_snapshots WHERE id = ?', [byDay.snapshotId]);
    expect(JSON.parse(String(stored.rows[0]!.result)).metrics[0].count).toBe(4);
    // The read answers the same numbers and stores nothing; a read key may not save a snapshot.
    const read = await expectOk<{ metrics: Metric[] }>(t.call('query_metrics', { eventName: 'scan', from: T0, to: T0 + 14 * DAY, interval: 'day' }));
    expect(read.metrics).toEqual(byDay.metrics);
    expect(read).not.toHaveProperty('snapshotId');
    const snapshots = await t.engine.services.store.execute('SELECT COUNT(*) AS n FROM metric_snapshots');
    expect(Number(snapshots.rows[0]!.n)).toBe(1);
    const byWeek = await expectOk<{ metrics: Metric[] }>(t.call('query_metrics', { eventName: 'scan', from: T0 - DAY, to: T0 + 14 * DAY, interval: 'week' }));
    expect(byWeek.metrics[0]!.buckets!.map((bucket) => [bucket.start, bucket.count])).toEqual([
      [T0, 3],
      [T0 + 7 * DAY, 1],
    ]);
    const inverted = await t.call('query_metrics', { from: T0 + DAY, to: T0 });
    expect(!inverted.ok && inverted.error.details?.issues?.[0]?.path).toBe('from');
  });
});

describe.each([
  ['timeline index', 20_000_000, false],
  ['timeline index, loaded from a file database', 20_000_000, true],
  ['SQL only', 0, false],
])('query_funnel (%s)', (_label, timelineIndexMaxEvents, onFile) => {
  const directories: string[] = [];
  beforeEach(async () => {
    await t.engine.close();
    const databaseUrl = onFile ? `file:${join(directories[directories.push(mkdtempSync(join(tmpdir(), 'ha-funnel-'))) - 1]!, 'db')}` : ':memory:';
    t = await openTestEngine({ clock: () => T0 + 30 * DAY, timelineIndexMaxEvents, databaseUrl });
  });
  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });
  const steps = [
    { name: 'Scan', event: 'qr.bottle_scanned' },
    { name: 'Product View', event: 'page.product_viewed' },
    { name: 'Order', event: 'order.created' },
  ];

  it('counts actors through ordered steps within the conversion window', async () => {
    const at = (actor: string, event: string, offset: number) => ({ event, actor: { type: 'customer', id: actor }, timestamp: T0 + offset });
    await expectOk(
      t.call('ingest_event', {
        events: [
          // a: full funnel in order
          at('a', 'qr.bottle_scanned', 0), at('a', 'page.product_viewed', MIN), at('a', 'order.created', 2 * MIN),
          // b: views before scanning, never after → stops at step 1
          at('b', 'page.product_viewed', 0), at('b', 'qr.bottle_scanned', MIN),
          // c: scan, view, order after the 24 h window → stops at step 2
          at('c', 'qr.bottle_scanned', 0), at('c', 'page.product_viewed', HOUR), at('c', 'order.created', 25 * HOUR),
          // d: two scans; converts from the first within the window
          at('d', 'qr.bottle_scanned', 0), at('d', 'qr.bottle_scanned', 2 * HOUR), at('d', 'page.product_viewed', 3 * HOUR), at('d', 'order.created', 4 * HOUR),
          // e: order without scan → not in funnel
          at('e', 'order.created', 0),
          // anonymous scan → not counted
          { event: 'qr.bottle_scanned', timestamp: T0 },
        ],
      }),
    );
    const result = await expectOk<{ steps: Array<Record<string, unknown>>; overallConversionRate: number }>(
      t.call('query_funnel', { steps, from: T0, to: T0 + DAY, conversionWindowHours: 24 }),
    );
    expect(result.steps).toEqual([
      { name: 'Scan', event: 'qr.bottle_scanned', count: 4, conversionRate: 1, conversionFromStart: 1, dropOff: 0 },
      { name: 'Product View', event: 'page.product_viewed', count: 3, conversionRate: 0.75, conversionFromStart: 0.75, dropOff: 1 },
      { name: 'Order', event: 'order.created', count: 2, conversionRate: 2 / 3, conversionFromStart: 0.5, dropOff: 1 },
    ]);
    expect(result.overallConversionRate).toBe(0.5);
    const wide = await expectOk<{ steps: Array<{ count: number }> }>(t.call('query_funnel', { steps, from: T0, to: T0 + DAY, conversionWindowHours: 48 }));
    expect(wide.steps.map((step) => step.count)).toEqual([4, 3, 3]);
  });

  it('needs a later event for a repeated step, and returns zeros (not NaN) for an empty funnel', async () => {
    await expectOk(t.call('ingest_event', { events: [{ event: 'view', actor: 'x', timestamp: T0 }, { event: 'view', actor: 'y', timestamp: T0 }, { event: 'view', actor: 'y', timestamp: T0 + 1 }] }));
    const repeated = await expectOk<{ steps: Array<{ count: number }> }>(t.call('query_funnel', { steps: [{ event: 'view' }, { event: 'view' }], from: T0, to: T0 + DAY }));
    expect(repeated.steps.map((step) => step.count)).toEqual([2, 1]);
    const empty = await expectOk<{ steps: Array<{ conversionRate: number }>; overallConversionRate: number }>(
      t.call('query_funnel', { steps: [{ event: 'nothing' }, { event: 'none' }], from: T0, to: T0 + DAY }),
    );
    expect(empty.overallConversionRate).toBe(0);
    expect(empty.steps.map((step) => step.conversionRate)).toEqual([0, 0]);
    const tooFew = await t.call('query_funnel', { steps: [{ event: 'one' }] });
    expect(!tooFew.ok && tooFew.error.details?.issues?.[0]?.path).toBe('steps');
  });
});

/** Runs `call` while counting turns of the event loop (one tick a turn). */
async function turnsDuring<T>(call: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let turning = true;
  const turn = () => {
    turns += 1;
    if (turning) setImmediate(turn);
  };
  setImmediate(turn);
  const result = await call();
  turning = false;
  return { result, turns };
}

describe('funnel timeline index', () => {
  it('lets the event loop turn while it loads a large workspace, a page at a time', async () => {
    for (let batch = 0; batch < 25; batch += 1) {
      const events = Array.from({ length: 1000 }, (_, index) => ({ event: index % 2 ? 'a' : 'b', actor: `u${index >> 1}`, timestamp: T0 + batch * 1000 + index }));
      await expectOk(t.call('ingest_event', { events }));
    }
    // The first funnel loads the 25,000 events, 5,000 a page.
    const funnel = await turnsDuring(() =>
      expectOk<{ steps: Array<{ count: number }> }>(t.call('query_funnel', { steps: [{ event: 'b' }, { event: 'a' }], from: T0, to: T0 + DAY, conversionWindowMs: DAY })),
    );
    expect(funnel.result.steps.map((step) => step.count)).toEqual([500, 500]);
    expect(funnel.turns).toBeGreaterThanOrEqual(4);
  });

  it('agrees with SQL on random data with backfilled timestamps, repeated steps and a business filter', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const names = ['a', 'b', 'c', 'd'];
    for (let batch = 0; batch < 5; batch += 1) {
      const events = Array.from({ length: 800 }, () => ({
        event: names[Math.floor(random() * names.length)]!,
        actor: `u${Math.floor(random() * 120)}`,
        businessId: random() < 0.3 ? 'shop' : 'default',
        timestamp: T0 + Math.floor(random() * 10 * DAY),
      }));
      await expectOk(t.call('ingest_event', { events }));
      const queries = [
        { steps: [{ event: 'a' }, { event: 'b' }, { event: 'c' }], from: T0, to: T0 + 10 * DAY, conversionWindowMs: DAY },
        { steps: [{ event: 'a' }, { event: 'a' }, { event: 'd' }], from: T0 + DAY, to: T0 + 6 * DAY, conversionWindowMs: 2 * DAY },
        { steps: [{ event: 'd' }, { event: 'c' }], from: T0, to: T0 + 10 * DAY, conversionWindowMs: 3 * HOUR, businessId: 'shop' },
      ];
      for (const query of queries) {
        const fromIndex = await t.engine.services.funnels.query(t.principal.workspaceId, query);
        const fromSql = await t.engine.services.funnels.countWithSql(t.principal.workspaceId, query);
        expect(fromIndex.steps.map((step) => step.count)).toEqual(fromSql);
        expect(fromSql[0]).toBeGreaterThan(0);
      }
    }
  });
});

describe('metrics, SQL funnels and event queries on an embedded file', () => {
  const file = useFileEngine('reads', { clock: () => T0 + 30 * DAY, timelineIndexMaxEvents: 0 });

  it('run on the read pool: each is answered by a worker thread, not on the event loop', async () => {
    const t = file.current();
    const reader = t.engine.services.analytics.reader;
    expect(reader.mode).toBe('worker-pool');
    // Counted by the pool as its workers answer: deterministic, where counting event-loop turns during a read raced
    // a quick worker on a busy machine (2 of 20 runs under load read 0 turns).
    const onWorkers = async <T>(call: () => Promise<T>): Promise<T> => {
      const before = reader.answered;
      const result = await call();
      expect(reader.answered).toBeGreaterThan(before);
      return result;
    };
    const events = Array.from({ length: 1000 }, (_, index) => ({
      event: index % 2 ? 'order.created' : 'page.viewed',
      actor: `u${index >> 1}`,
      timestamp: T0 + index * 60_000,
      properties: { revenue: index % 2 ? 20 : 0 },
    }));
    await expectOk(t.call('ingest_event', { events }));
    const metrics = await onWorkers(() => expectOk<{ totalEvents: number; metrics: Metric[] }>(t.call('query_metrics', { from: T0 + 1234, to: T0 + 2 * DAY })));
    expect(metrics.totalEvents).toBe(999); // the first event is just before `from`
    expect(metrics.metrics.find((metric) => metric.event === 'order.created')!.sums['properties.revenue']).toBe(500 * 20);
    const funnel = await onWorkers(() =>
      expectOk<{ steps: Array<{ count: number }> }>(
        t.call('query_funnel', { steps: [{ event: 'page.viewed' }, { event: 'order.created' }], from: T0, to: T0 + 2 * DAY, conversionWindowMs: HOUR }),
      ),
    );
    expect(funnel.steps.map((step) => step.count)).toEqual([500, 500]);
    // An event is there as soon as its ingest is acknowledged, on the first page of the newest.
    await expectOk(t.call('ingest_event', { event: 'refund.issued', actor: 'u7', timestamp: T0 + DAY }));
    const page = await onWorkers(() => expectOk<{ events: Array<{ event: string }>; nextCursor: string | null }>(t.call('query_events', { limit: 3 })));
    expect(page.events.map((event) => event.event)).toEqual(['refund.issued', 'order.created', 'page.viewed']);
    expect(page.nextCursor).not.toBeNull();
  });
});
