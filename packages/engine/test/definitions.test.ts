import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const T0 = Date.UTC(2026, 2, 2, 0, 0, 0); // a Monday
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = T0 + 40 * DAY;

interface Seeded {
  event: string;
  timestamp: number;
  businessId?: string;
  actor?: string | { type: string; id: string };
  source?: { channel: string };
  properties?: Record<string, unknown>;
}

/**
 * 12 days of orders and scans, every 7 minutes, so ranges cut hours and days anywhere: revenue as a number (and a
 * string on every 13th order, which a sum must not add), a nested order total, three channels, customers and agents
 * as actors, two businesses, a boolean test flag.
 */
const EVENTS: Seeded[] = Array.from({ length: (12 * DAY) / (7 * MIN) }, (_, index): Seeded => {
  const timestamp = T0 + index * 7 * MIN + (index % 5);
  const channel = ['qr', 'web', 'email'][index % 3]!;
  const actor = index % 4 === 0 ? { type: 'agent', id: `agent-${index % 3}` } : index % 11 === 0 ? `anon-${index % 7}` : { type: 'customer', id: `c${index % 17}` };
  if (index % 2 === 0) return { event: 'qr.bottle_scanned', timestamp, actor, source: { channel }, properties: { sku: index % 6 === 0 ? 'ETH-250G' : 'KEN-500G' } };
  return {
    event: 'order.created',
    timestamp,
    actor,
    businessId: index % 5 === 0 ? 'cafe' : 'default',
    source: { channel },
    properties: { revenue: index % 13 === 0 ? String(index) : (index % 40) + 0.5, order: { total: index % 9, items: index % 3 }, test: index % 10 === 1 },
  };
});

const inRange = (from: number, to: number) => (event: Seeded) => event.timestamp >= from && event.timestamp <= to;
const revenueOf = (event: Seeded) => (typeof event.properties?.revenue === 'number' ? (event.properties.revenue as number) : 0);
const actorIdOf = (event: Seeded) => (event.actor === undefined ? undefined : typeof event.actor === 'string' ? event.actor : event.actor.id);
const dayOf = (ms: number) => ms - (ms % DAY);

/** Day buckets from the day of `from` to the day of `to`, each `measure` of its events. */
function byDay(events: Seeded[], from: number, to: number, measure: (events: Seeded[]) => number | null) {
  const buckets = [];
  for (let start = dayOf(from); start <= to; start += DAY) buckets.push({ start, value: measure(events.filter((event) => dayOf(event.timestamp) === start)) });
  return buckets;
}

let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
  for (let start = 0; start < EVENTS.length; start += 1000) await expectOk(t.call('ingest_event', { events: EVENTS.slice(start, start + 1000) }));
});
afterEach(async () => {
  await t.engine.close();
});

type Value = { metricId: string | null; version: number | null; value: number | null; numerator: number | null; denominator: number | null; buckets: Array<{ start: number; value: number | null; numerator?: number; denominator?: number }>; nextCursor: string | null };

const define = (input: Record<string, unknown>) => expectOk<{ id: string; version: number }>(t.call('create_metric_definition', input));
const query = (input: Record<string, unknown>) => expectOk<Value>(t.call('query_metric_definition', { limit: 5000, ...input }));

// A range that starts and ends inside hours and days: rollups answer the whole hours, raw events the edges.
const FROM = T0 + 1 * DAY + 5 * HOUR + 17 * MIN + 3;
const TO = T0 + 9 * DAY + 20 * HOUR + 41 * MIN;
const RANGE = { from: FROM, to: TO };
const selected = EVENTS.filter(inRange(FROM, TO));
const orders = selected.filter((event) => event.event === 'order.created');

describe('metric definitions: exact values', () => {
  it('count and sum (from the rollups and the raw edges) match the events, in total and by day', async () => {
    await define({ id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] });
    await define({ id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD', unit: 'USD' });
    const count = await query({ metricId: 'orders', ...RANGE, interval: 'day' });
    expect(count.value).toBe(orders.length);
    expect(count.buckets).toEqual(byDay(orders, FROM, TO, (events) => events.length));
    const revenue = await query({ metricId: 'revenue', ...RANGE, interval: 'day' });
    const expected = orders.reduce((sum, event) => sum + revenueOf(event), 0);
    expect(revenue).toMatchObject({ metricId: 'revenue', version: 1, value: expected, numerator: null, denominator: null });
    expect(revenue.buckets).toEqual(byDay(orders, FROM, TO, (events) => events.reduce((sum, event) => sum + revenueOf(event), 0)));
    // The same sum forced onto the raw events (a filter every event passes) answers the same.
    const raw = await query({ definition: { kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', filters: [{ field: 'properties.order.total', op: 'gte', value: 0 }] }, ...RANGE, interval: 'day' });
    expect(raw.buckets).toEqual(revenue.buckets);
    expect(raw.value).toBe(expected);
    expect(raw.metricId).toBeNull();
  });

  it('sums a nested property, filters on nested properties, source, actor type and business', async () => {
    const nested = await query({ definition: { kind: 'sum', eventNames: ['order.created'], property: 'properties.order.total' }, ...RANGE });
    expect(nested.value).toBe(orders.reduce((sum, event) => sum + ((event.properties!.order as { total: number }).total), 0));
    const cases: Array<[Record<string, unknown>, (event: Seeded) => boolean]> = [
      [{ field: 'properties.order.items', op: 'eq', value: 2 }, (event) => (event.properties?.order as { items: number } | undefined)?.items === 2],
      [{ field: 'source.channel', op: 'in', value: ['qr', 'email'] }, (event) => ['qr', 'email'].includes(event.source!.channel)],
      [{ field: 'source.channel', op: 'not_in', value: ['qr'] }, (event) => event.source!.channel !== 'qr'],
      [{ field: 'actor.type', op: 'eq', value: 'agent' }, (event) => typeof event.actor === 'object' && event.actor.type === 'agent'],
      // neq keeps events without the field: plain-string actors have no type.
      [{ field: 'actor.type', op: 'neq', value: 'agent' }, (event) => !(typeof event.actor === 'object' && event.actor.type === 'agent')],
      [{ field: 'properties.test', op: 'eq', value: true }, (event) => event.properties?.test === true],
      [{ field: 'properties.test', op: 'neq', value: true }, (event) => event.properties?.test !== true],
      [{ field: 'properties.revenue', op: 'gt', value: 30 }, (event) => typeof event.properties?.revenue === 'number' && (event.properties.revenue as number) > 30],
      // Strict types: a revenue sent as text is not a number, and '1' is not 1.
      [{ field: 'properties.revenue', op: 'lte', value: '9' }, (event) => typeof event.properties?.revenue === 'string' && (event.properties.revenue as string) <= '9'],
      [{ field: 'properties.order.items', op: 'eq', value: '1' }, () => false],
      [{ field: 'properties.sku', op: 'exists' }, (event) => event.properties?.sku !== undefined],
      [{ field: 'properties.sku', op: 'not_exists' }, (event) => event.properties?.sku === undefined],
    ];
    for (const [filter, keep] of cases) {
      const answer = await query({ definition: { kind: 'count', filters: [filter] }, ...RANGE });
      expect(answer.value, JSON.stringify(filter)).toBe(selected.filter(keep).length);
    }
    const cafe = await query({ definition: { kind: 'sum', eventNames: ['order.created'], businessId: 'cafe', property: 'properties.revenue' }, ...RANGE });
    expect(cafe.value).toBe(orders.filter((event) => event.businessId === 'cafe').reduce((sum, event) => sum + revenueOf(event), 0));
    const both = await query({ definition: { kind: 'count', eventNames: ['order.created'], filters: [{ field: 'source.channel', op: 'eq', value: 'qr' }, { field: 'actor.type', op: 'eq', value: 'customer' }] }, ...RANGE });
    expect(both.value).toBe(orders.filter((event) => event.source!.channel === 'qr' && typeof event.actor === 'object' && event.actor.type === 'customer').length);
  });

  it('unique actors: the range counts each actor once (not the sum of its buckets)', async () => {
    await define({ id: 'buyers', name: 'Buyers', kind: 'unique_actors', eventNames: ['order.created'] });
    const answer = await query({ metricId: 'buyers', ...RANGE, interval: 'day' });
    const distinct = (events: Seeded[]) => new Set(events.map(actorIdOf)).size;
    expect(answer.value).toBe(distinct(orders));
    expect(answer.buckets).toEqual(byDay(orders, FROM, TO, distinct));
    expect(answer.buckets.reduce((sum, bucket) => sum + bucket.value!, 0)).toBeGreaterThan(answer.value!);
  });

  it('ratio: of stored definitions or inline parts; a zero denominator is null, in total and per bucket', async () => {
    await define({ id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] });
    await define({ id: 'scans', name: 'Scans', kind: 'count', eventNames: ['qr.bottle_scanned'] });
    await define({ id: 'orders-per-scan', name: 'Orders per scan', kind: 'ratio', numerator: { metricId: 'orders' }, denominator: { metricId: 'scans' } });
    const scans = selected.filter((event) => event.event === 'qr.bottle_scanned');
    const answer = await query({ metricId: 'orders-per-scan', ...RANGE, interval: 'day' });
    expect(answer).toMatchObject({ value: orders.length / scans.length, numerator: orders.length, denominator: scans.length });
    const perDay = byDay(selected, FROM, TO, (events) => events.filter((event) => event.event === 'order.created').length / events.filter((event) => event.event === 'qr.bottle_scanned').length);
    expect(answer.buckets.map((bucket) => [bucket.start, bucket.value])).toEqual(perDay.map((bucket) => [bucket.start, bucket.value]));
    // Past the seeded days nothing is scanned: the ratio and its buckets are null, not 0 or NaN.
    const empty = await query({ metricId: 'orders-per-scan', from: T0 + 20 * DAY, to: T0 + 22 * DAY - 1, interval: 'day' });
    expect(empty).toMatchObject({ value: null, numerator: 0, denominator: 0 });
    expect(empty.buckets).toEqual([
      { start: T0 + 20 * DAY, value: null, numerator: 0, denominator: 0 },
      { start: T0 + 21 * DAY, value: null, numerator: 0, denominator: 0 },
    ]);
    const inline = await query({ definition: { kind: 'ratio', numerator: { kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue' }, denominator: { kind: 'unique_actors', eventNames: ['order.created'] } }, ...RANGE });
    expect(inline.value).toBeCloseTo(orders.reduce((sum, event) => sum + revenueOf(event), 0) / new Set(orders.map(actorIdOf)).size, 9);
  });

  it('buckets by week (Monday, UTC) and month, and pages them with a cursor', async () => {
    const weeks = await query({ definition: { kind: 'count' }, from: T0 - 3 * DAY, to: T0 + 13 * DAY, interval: 'week' });
    expect(weeks.buckets.map((bucket) => [bucket.start, bucket.value])).toEqual([
      [T0 - 7 * DAY, 0],
      [T0, EVENTS.filter(inRange(T0, T0 + 7 * DAY - 1)).length],
      [T0 + 7 * DAY, EVENTS.filter(inRange(T0 + 7 * DAY, T0 + 14 * DAY - 1)).length],
    ]);
    const months = await query({ definition: { kind: 'count' }, from: T0, to: T0 + 40 * DAY, interval: 'month' });
    expect(months.buckets.map((bucket) => bucket.start)).toEqual([Date.UTC(2026, 2, 1), Date.UTC(2026, 3, 1)]);
    const whole = await query({ definition: { kind: 'count' }, ...RANGE, interval: 'hour' });
    const pages: Value[] = [];
    let cursor: string | null = null;
    do {
      const page: Value = await query({ definition: { kind: 'count' }, ...RANGE, interval: 'hour', limit: 50, ...(cursor ? { cursor } : {}) });
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.flatMap((page) => page.buckets)).toEqual(whole.buckets);
    expect(pages).toHaveLength(Math.ceil(whole.buckets.length / 50));
    for (const page of pages) expect(page.value).toBe(selected.length);
  });
});

describe('metric definitions: versions', () => {
  it('an update is a new version; the old version still computes its own rule; a ratio keeps the part version it pinned', async () => {
    await define({ id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] });
    await define({ id: 'qr-share', name: 'QR share', kind: 'ratio', numerator: { metricId: 'orders' }, denominator: { kind: 'count' } });
    const updated = await expectOk<{ version: number; latestVersion: number; changed: boolean; filters: unknown[] }>(
      t.call('update_metric_definition', { id: 'orders', expectedVersion: 1, filters: [{ field: 'source.channel', op: 'eq', value: 'qr' }] }),
    );
    expect(updated).toMatchObject({ version: 2, latestVersion: 2, changed: true });
    const qr = orders.filter((event) => event.source!.channel === 'qr').length;
    expect((await query({ metricId: 'orders', ...RANGE })).value).toBe(qr);
    expect(await query({ metricId: 'orders', version: 1, ...RANGE })).toMatchObject({ version: 1, value: orders.length });
    const v1 = await expectOk<{ version: number; filters: unknown[]; latestVersion: number }>(t.call('get_metric_definition', { id: 'orders', version: 1 }));
    expect(v1).toMatchObject({ version: 1, filters: [], latestVersion: 2 });
    // The ratio was saved with orders v1 and keeps it until it is updated itself.
    const ratio = await expectOk<{ numerator: { metricId: string; version: number } }>(t.call('get_metric_definition', { id: 'qr-share' }));
    expect(ratio.numerator).toMatchObject({ metricId: 'orders', version: 1, kind: 'count', filters: [] });
    expect((await query({ metricId: 'qr-share', ...RANGE })).numerator).toBe(orders.length);
    await expectOk(t.call('update_metric_definition', { id: 'qr-share', numerator: { metricId: 'orders' } }));
    expect((await query({ metricId: 'qr-share', ...RANGE })).numerator).toBe(qr);
    // Changing nothing saves nothing; a stale expectedVersion is a CONFLICT; a kind change drops what it does not use.
    const same = await expectOk<{ version: number; changed: boolean }>(t.call('update_metric_definition', { id: 'orders', name: 'Orders' }));
    expect(same).toMatchObject({ version: 2, changed: false });
    const stale = await t.call('update_metric_definition', { id: 'orders', expectedVersion: 1, name: 'Late' });
    expect(!stale.ok && stale.error.code).toBe('CONFLICT');
    const asSum = await expectOk<{ kind: string; property: string; filters: unknown[]; version: number }>(
      t.call('update_metric_definition', { id: 'orders', kind: 'sum', property: 'properties.revenue' }),
    );
    expect(asSum).toMatchObject({ kind: 'sum', property: 'properties.revenue', version: 3 });
    const back = await t.call('update_metric_definition', { id: 'orders', kind: 'count' });
    expect(back.ok && back.output).toMatchObject({ kind: 'count', property: null, version: 4 });
    const missing = await t.call('get_metric_definition', { id: 'orders', version: 9 });
    expect(!missing.ok && [missing.error.code, missing.error.message]).toEqual(['NOT_FOUND', "Metric definition 'orders' has no version 9; its versions are 1 to 4."]);
  });

  it('lists latest versions in id order with a cursor, by kind and search', async () => {
    for (const id of ['e', 'a', 'd', 'c', 'b']) await define({ id: `m-${id}`, name: `Metric ${id.toUpperCase()}`, kind: id === 'c' ? 'unique_actors' : 'count' });
    await expectOk(t.call('update_metric_definition', { id: 'm-b', name: 'Bravo' }));
    const first = await expectOk<{ definitions: Array<{ id: string; version: number }>; nextCursor: string }>(t.call('list_metric_definitions', { limit: 3 }));
    expect(first.definitions.map((row) => row.id)).toEqual(['m-a', 'm-b', 'm-c']);
    expect(first.definitions[1]!.version).toBe(2);
    const second = await expectOk<{ definitions: Array<{ id: string }>; nextCursor: null }>(t.call('list_metric_definitions', { limit: 3, cursor: first.nextCursor }));
    expect([second.definitions.map((row) => row.id), second.nextCursor]).toEqual([['m-d', 'm-e'], null]);
    expect((await expectOk<{ definitions: Array<{ id: string }> }>(t.call('list_metric_definitions', { kind: 'unique_actors' }))).definitions.map((row) => row.id)).toEqual(['m-c']);
    expect((await expectOk<{ definitions: Array<{ id: string }> }>(t.call('list_metric_definitions', { search: 'bra' }))).definitions.map((row) => row.id)).toEqual(['m-b']);
  });
});

describe('metric snapshots', () => {
  it('keeps the computed values, id and version unchanged after new events and new versions', async () => {
    await define({ id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' });
    const saved = await expectOk<Value & { snapshotId: string }>(t.call('save_metric_definition_snapshot', { metricId: 'revenue', ...RANGE, interval: 'day', limit: 3 }));
    expect(saved.buckets).toHaveLength(3);
    expect(saved.nextCursor).not.toBeNull();
    const before = await expectOk<Record<string, unknown>>(t.call('get_metric_snapshot', { id: saved.snapshotId }));
    await expectOk(t.call('ingest_event', { events: [{ event: 'order.created', timestamp: FROM + HOUR, properties: { revenue: 1000 } }] }));
    await expectOk(t.call('update_metric_definition', { id: 'revenue', property: 'properties.order.total' }));
    const live = await query({ metricId: 'revenue', version: 1, ...RANGE });
    expect(live.value).toBe(saved.value! + 1000);
    const after = await expectOk<Record<string, unknown> & { buckets: unknown[]; definition: { property: string; version: number } }>(t.call('get_metric_snapshot', { id: saved.snapshotId }));
    expect(after).toEqual(before);
    expect(after).toMatchObject({ source: 'definition', metricId: 'revenue', version: 1, value: saved.value, definition: { property: 'properties.revenue', version: 1, currency: 'USD' } });
    // The snapshot keeps every bucket; the save's cursor continues on get_metric_snapshot.
    const rest = await expectOk<{ buckets: unknown[] }>(t.call('get_metric_snapshot', { id: saved.snapshotId, cursor: saved.nextCursor }));
    expect([...saved.buckets, ...rest.buckets]).toEqual(after.buckets);
    expect(after.buckets).toHaveLength(9);
    const latest = await expectOk<{ id: string }>(t.call('get_metric_snapshot', { metricId: 'revenue' }));
    expect(latest.id).toBe(saved.snapshotId);
  });

  it('lists definition snapshots and save_metrics_snapshot ones newest first, by definition and by source', async () => {
    await define({ id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] });
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) ids.push((await expectOk<{ snapshotId: string }>(t.call('save_metric_definition_snapshot', { metricId: 'orders', ...RANGE }))).snapshotId);
    const counts = await expectOk<{ snapshotId: string; totalEvents: number }>(t.call('save_metrics_snapshot', { eventName: 'order.created', ...RANGE }));
    const all = await expectOk<{ snapshots: Array<{ id: string; source: string; value: number | null; totalEvents: number | null; name: string | null }> }>(t.call('list_metric_snapshots', {}));
    expect(new Set(all.snapshots.map((row) => row.id))).toEqual(new Set([...ids, counts.snapshotId]));
    expect(all.snapshots.find((row) => row.id === counts.snapshotId)).toMatchObject({ source: 'event_counts', value: null, totalEvents: orders.length, metricId: null });
    expect(all.snapshots.find((row) => row.id === ids[0])).toMatchObject({ source: 'definition', value: orders.length, name: 'Orders', metricId: 'orders', version: 1 });
    const mine = await expectOk<{ snapshots: Array<{ id: string }>; nextCursor: string }>(t.call('list_metric_snapshots', { metricId: 'orders', limit: 2 }));
    const next = await expectOk<{ snapshots: Array<{ id: string }>; nextCursor: null }>(t.call('list_metric_snapshots', { metricId: 'orders', limit: 2, cursor: mine.nextCursor }));
    // Newest first (saved in one millisecond of the fixed clock: ids of a millisecond keep the order they were saved in).
    expect([...mine.snapshots, ...next.snapshots].map((row) => row.id)).toEqual([...ids].reverse());
    expect(next.nextCursor).toBeNull();
    const eventCounts = await expectOk<{ snapshots: Array<{ id: string }> }>(t.call('list_metric_snapshots', { source: 'event_counts' }));
    expect(eventCounts.snapshots.map((row) => row.id)).toEqual([counts.snapshotId]);
    const detail = await expectOk<{ eventCounts: { totalEvents: number; metrics: Array<{ event: string; count: number }> }; definition: null }>(t.call('get_metric_snapshot', { id: counts.snapshotId }));
    expect(detail.definition).toBeNull();
    expect(detail.eventCounts.metrics).toEqual([expect.objectContaining({ event: 'order.created', count: orders.length })]);
  });
});

describe('query_metrics with a metric definition', () => {
  it('answers the definition beside the live counts of its event names; save_metrics_snapshot keeps both', async () => {
    await define({ id: 'revenue', name: 'Revenue', kind: 'sum', eventNames: ['order.created'], property: 'properties.revenue', currency: 'USD' });
    type Answer = { metrics: Array<{ event: string; count: number }>; totalEvents: number; definition: { metricId: string; version: number; value: number; buckets: Array<{ start: number; value: number }> } };
    const answer = await expectOk<Answer>(t.call('query_metrics', { metricId: 'revenue', ...RANGE, interval: 'day' }));
    const expected = orders.reduce((sum, event) => sum + revenueOf(event), 0);
    expect(answer.definition).toMatchObject({ metricId: 'revenue', version: 1, kind: 'sum', currency: 'USD', value: expected });
    expect(answer.definition.buckets).toEqual(byDay(orders, FROM, TO, (events) => events.reduce((sum, event) => sum + revenueOf(event), 0)));
    expect(answer.metrics.map((metric) => [metric.event, metric.count])).toEqual([['order.created', orders.length]]);
    const plain = await expectOk<Record<string, unknown>>(t.call('query_metrics', { eventName: 'order.created', ...RANGE }));
    expect(plain).not.toHaveProperty('definition');
    const saved = await expectOk<Answer & { snapshotId: string }>(t.call('save_metrics_snapshot', { metricId: 'revenue', ...RANGE }));
    const stored = await expectOk<{ source: string; metricId: string; version: number; value: number; eventCounts: { totalEvents: number } }>(t.call('get_metric_snapshot', { id: saved.snapshotId }));
    expect(stored).toMatchObject({ source: 'definition', metricId: 'revenue', version: 1, value: expected, eventCounts: { totalEvents: orders.length } });
    const bad = await t.call('query_metrics', { version: 2 });
    expect(!bad.ok && bad.error.details?.issues?.map((issue) => issue.path)).toEqual(['version']);
    const unknown = await t.call('save_metrics_snapshot', { metricId: 'nope' });
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND');
  });
});

describe('metric definitions: bad input and tenancy', () => {
  const issuePaths = (result: Awaited<ReturnType<TestEngine['call']>>) => (result.ok ? null : [result.error.code, (result.error.details?.issues ?? []).map((issue) => issue.path)]);

  it('names the field and stores nothing', async () => {
    await define({ id: 'ratio-part', name: 'Ratio part', kind: 'ratio', numerator: { kind: 'count' }, denominator: { kind: 'count' } });
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ id: 'x', name: 'X', kind: 'ratio', numerator: { kind: 'count' }, denominator: { metricId: 'nope' } }, 'denominator.metricId'],
      [{ id: 'x', name: 'X', kind: 'ratio', numerator: { metricId: 'ratio-part' }, denominator: { kind: 'count' } }, 'numerator.metricId'],
      [{ id: 'x', name: 'X', kind: 'ratio', numerator: { kind: 'count' } }, 'denominator'],
      [{ id: 'x', name: 'X', kind: 'sum', eventNames: ['order.created'] }, 'property'],
      [{ id: 'x', name: 'X', kind: 'count', property: 'properties.revenue' }, 'property'],
      [{ id: 'x', name: 'X', kind: 'sum', property: 'revenue' }, 'property'],
      [{ id: 'x', name: 'X', kind: 'count', filters: [{ field: 'body.secret', op: 'eq', value: 1 }] }, 'filters[0].field'],
      [{ id: 'x', name: 'X', kind: 'count', filters: [{ field: 'properties.plan', op: 'in', value: 'pro' }] }, 'filters[0].value'],
      [{ id: 'x', name: 'X', kind: 'count', filters: [{ field: 'properties.plan', op: 'exists', value: 'pro' }] }, 'filters[0].value'],
      [{ id: 'x', name: 'X', kind: 'count', filters: [{ field: 'actor.type', op: 'eq', value: 3 }] }, 'filters[0].value'],
      [{ id: 'Not A Slug', name: 'X', kind: 'count' }, 'id'],
      [{ id: 'x', name: 'X', kind: 'count', currency: 'usd' }, 'currency'],
    ];
    for (const [input, path] of cases) expect(issuePaths(await t.call('create_metric_definition', input)), JSON.stringify(input)).toEqual(['INVALID_INPUT', [path]]);
    const listed = await expectOk<{ definitions: Array<{ id: string }> }>(t.call('list_metric_definitions', {}));
    expect(listed.definitions.map((row) => row.id)).toEqual(['ratio-part']);
    const twice = await t.call('create_metric_definition', { id: 'ratio-part', name: 'Again', kind: 'count' });
    expect(!twice.ok && twice.error.code).toBe('CONFLICT');
    expect(issuePaths(await t.call('query_metric_definition', {}))).toEqual(['INVALID_INPUT', ['metricId']]);
    expect(issuePaths(await t.call('query_metric_definition', { definition: { kind: 'ratio', numerator: { kind: 'count' }, denominator: { metricId: 'nope' } } }))).toEqual(['INVALID_INPUT', ['definition.denominator.metricId']]);
    expect(issuePaths(await t.call('query_metric_definition', { definition: { kind: 'count' }, from: 0, to: NOW, interval: 'hour' }))).toEqual(['INVALID_INPUT', ['interval']]);
    expect(issuePaths(await t.call('update_metric_definition', { id: 'ratio-part', denominator: { metricId: 'ratio-part', version: 7 } }))).toEqual(['INVALID_INPUT', ['denominator.version']]);
    const unknown = await t.call('query_metric_definition', { metricId: 'nope' });
    expect(!unknown.ok && unknown.error.message).toBe("Metric definition 'nope' was not found in this workspace; list_metric_definitions lists them.");
    const snapshots = await expectOk<{ snapshots: unknown[] }>(t.call('list_metric_snapshots', {}));
    expect(snapshots.snapshots).toEqual([]);
  });

  it("another workspace's definitions and snapshots are NOT_FOUND, and cannot be referenced", async () => {
    await define({ id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] });
    const saved = await expectOk<{ snapshotId: string }>(t.call('save_metric_definition_snapshot', { metricId: 'orders', ...RANGE }));
    const other = await expectOk<{ apiKey: string }>(t.call('create_workspace', { name: 'Other' }));
    const stranger = await t.engine.authenticate({ apiKey: other.apiKey });
    for (const [name, input] of [
      ['get_metric_definition', { id: 'orders' }],
      ['query_metric_definition', { metricId: 'orders' }],
      ['update_metric_definition', { id: 'orders', name: 'Mine' }],
      ['save_metric_definition_snapshot', { metricId: 'orders' }],
      ['get_metric_snapshot', { id: saved.snapshotId }],
      ['get_metric_snapshot', { metricId: 'orders' }],
    ] as const) {
      const result = await t.call(name, input, stranger);
      expect(!result.ok && result.error.code, name).toBe('NOT_FOUND');
    }
    expect((await expectOk<{ definitions: unknown[] }>(t.call('list_metric_definitions', {}, stranger))).definitions).toEqual([]);
    expect((await expectOk<{ snapshots: unknown[] }>(t.call('list_metric_snapshots', {}, stranger))).snapshots).toEqual([]);
    const ratio = await t.call('create_metric_definition', { id: 'r', name: 'R', kind: 'ratio', numerator: { metricId: 'orders' }, denominator: { kind: 'count' } }, stranger);
    expect(issuePaths(ratio)).toEqual(['INVALID_INPUT', ['numerator.metricId']]);
    // Its own definition of the same id counts its own (no) events.
    await expectOk(t.call('create_metric_definition', { id: 'orders', name: 'Orders', kind: 'count', eventNames: ['order.created'] }, stranger));
    const mine = await expectOk<Value>(t.call('query_metric_definition', { metricId: 'orders', ...RANGE }, stranger));
    expect(mine.value).toBe(0);
  });
});
