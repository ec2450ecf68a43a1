import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSWER_BUDGET_BYTES } from '../src/tool/answer-budget.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

/** Cursor paging of the list tools paged after query_events & co: every row exactly once, a bad cursor refused. */

const T0 = Date.UTC(2026, 3, 10, 12, 0, 0);
const HOUR = 3_600_000;
const NOW = T0 + 48 * HOUR;
let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
  await expectOk(t.call('create_project', { name: 'site' }));
});
afterEach(async () => {
  await t.engine.close();
});

type Surface = 'mcp' | 'rest';
type Answer = Record<string, unknown>;
const on = (surface: Surface, name: string, input: unknown) => t.engine.invoke(name, input, { principal: t.principal, surface });

/** Follows the cursor from the first page to the last; returns every page's answer. */
async function walk(name: string, input: Answer, cursorKey: 'nextCursor' | 'next_cursor', surface: Surface = 'mcp'): Promise<Answer[]> {
  const pages: Answer[] = [];
  let cursor: string | null = null;
  do {
    const page: Answer = await expectOk<Answer>(on(surface, name, cursor === null ? input : { ...input, cursor }));
    pages.push(page);
    cursor = page[cursorKey] as string | null;
  } while (cursor !== null && pages.length < 200);
  expect(pages.at(-1)![cursorKey]).toBeNull();
  return pages;
}

const rowsOf = (pages: Answer[], key: string) => pages.flatMap((page) => (page[key] as unknown[] | undefined) ?? []);

async function track(events: Array<Record<string, unknown>>) {
  for (let start = 0; start < events.length; start += 500) {
    await expectOk(t.call('track_batch', { project: 'site', events: events.slice(start, start + 500) }));
  }
}

async function expectBadCursor(name: string, input: Answer) {
  for (const cursor of ['not-a-cursor', Buffer.from(JSON.stringify({ o: -1, x: 'y' })).toString('base64url')]) {
    const result = await on('mcp', name, { ...input, cursor });
    expect(result.ok, name).toBe(false);
    if (result.ok) continue;
    expect(result.error.code, name).toBe('INVALID_INPUT');
    expect(result.error.details?.issues, name).toEqual([expect.objectContaining({ path: 'cursor' })]);
  }
}

describe('query_metrics and save_metrics_snapshot', () => {
  // 23 names with 1-4 events each: many ties on the count, broken by name.
  const names = Array.from({ length: 23 }, (_, index) => `evt.${String.fromCharCode(122 - index)}`);
  const events = names.flatMap((event, index) =>
    Array.from({ length: 1 + (index % 4) }, (_, n) => ({ event, timestamp: T0 + index * 60_000 + n, properties: { revenue: n + 1 } })),
  );
  const range = { from: T0 - HOUR, to: NOW };

  beforeEach(async () => {
    await expectOk(t.call('ingest_event', { events }));
  });

  it('query_metrics: an offset walk returns every event name once, in the one-shot order, with the whole total', async () => {
    const whole = await expectOk<{ metrics: Array<{ event: string; count: number }>; totalEvents: number; nextCursor: null }>(
      on('rest', 'query_metrics', { ...range, limit: 1000 }),
    );
    expect(whole.metrics.map((metric) => metric.event).sort()).toEqual([...names].sort());
    expect(whole.nextCursor).toBeNull();
    const pages = await walk('query_metrics', { ...range, limit: 4 }, 'nextCursor');
    expect(pages).toHaveLength(6);
    expect(rowsOf(pages, 'metrics')).toEqual(whole.metrics);
    // Largest counts first, ties by name.
    const order = whole.metrics.map((metric) => [metric.count, metric.event] as const);
    expect(order).toEqual([...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1)));
    for (const page of pages) expect(page.totalEvents).toBe(events.length);
    expect(whole.totalEvents).toBe(events.length);
    await expectBadCursor('query_metrics', range);
  });

  it('save_metrics_snapshot stores the whole result; a cut answer continues in query_metrics', async () => {
    // 300 names by day: about 40,000 bytes, over the budget of an answer a model reads.
    const many = Array.from({ length: 300 }, (_, index) => ({ event: `wide.${String(index).padStart(3, '0')}.${'x'.repeat(40)}`, timestamp: T0 + index, properties: { qty: index } }));
    await expectOk(t.call('ingest_event', { events: many }));
    const input = { ...range, interval: 'day', limit: 1000 };
    const whole = await expectOk<{ metrics: unknown[] }>(on('rest', 'query_metrics', input));
    expect(whole.metrics).toHaveLength(323);
    const saved = await expectOk<{ metrics: unknown[]; snapshotId: string; nextCursor: string | null; truncated: boolean }>(on('mcp', 'save_metrics_snapshot', input));
    expect(Buffer.byteLength(JSON.stringify(saved))).toBeLessThanOrEqual(ANSWER_BUDGET_BYTES);
    expect(saved.truncated).toBe(true);
    expect(saved.metrics.length).toBeLessThan(323);
    const stored = await t.engine.services.store.execute('SELECT result FROM metric_snapshots WHERE id = ?', [saved.snapshotId]);
    expect(JSON.parse(String(stored.rows[0]!.result)).metrics).toEqual(whole.metrics);
    const rest = await walk('query_metrics', { ...input, cursor: saved.nextCursor }, 'nextCursor');
    expect([...saved.metrics, ...rowsOf(rest, 'metrics')]).toEqual(whole.metrics);
    // Within the budget: the whole result, and a cursor only when more names than `limit` exist.
    const small = await expectOk<{ metrics: unknown[]; nextCursor: string | null; truncated: boolean }>(on('mcp', 'save_metrics_snapshot', { ...range, limit: 5 }));
    expect(small).toMatchObject({ truncated: false, nextCursor: expect.any(String) });
    const after = await expectOk<{ metrics: unknown[] }>(on('mcp', 'query_metrics', { ...range, limit: 5, cursor: small.nextCursor }));
    const first10 = await expectOk<{ metrics: unknown[] }>(on('rest', 'query_metrics', { ...range, limit: 10 }));
    expect([...small.metrics, ...after.metrics]).toEqual(first10.metrics);
  });
});

describe('Agent Analytics list tools', () => {
  it('list_properties pages its event names and property keys side by side', async () => {
    await track(
      Array.from({ length: 60 }, (_, index) => ({
        event: `e_${String(index % 17).padStart(2, '0')}`,
        user_id: `u${index % 5}`,
        properties: { [`key_${String(index % 23).padStart(2, '0')}`]: 1 },
        timestamp: T0 + index * 1000,
      })),
    );
    const whole = await expectOk<{ events: Array<{ event: string }>; property_keys: string[]; next_cursor: null }>(on('rest', 'list_properties', { project: 'site', limit: 1000 }));
    expect(whole.events).toHaveLength(17);
    expect(whole.property_keys).toHaveLength(23);
    const pages = await walk('list_properties', { project: 'site', limit: 5 }, 'next_cursor');
    expect(pages).toHaveLength(5);
    expect(rowsOf(pages, 'events')).toEqual(whole.events);
    expect(rowsOf(pages, 'property_keys')).toEqual(whole.property_keys);
    await expectBadCursor('list_properties', { project: 'site' });
  });

  it('list_received_properties pages its (key, event) pairs', async () => {
    await track(Array.from({ length: 40 }, (_, index) => ({ event: `e${index % 4}`, properties: { [`k${index % 10}`]: index }, timestamp: T0 + index })));
    const whole = await expectOk<{ properties: unknown[] }>(on('rest', 'list_received_properties', { project: 'site', limit: 5000 }));
    expect(whole.properties).toHaveLength(20);
    const pages = await walk('list_received_properties', { project: 'site', limit: 6 }, 'next_cursor');
    expect(pages).toHaveLength(4);
    expect(rowsOf(pages, 'properties')).toEqual(whole.properties);
    await expectBadCursor('list_received_properties', { project: 'site' });
  });

  it('get_pages pages entry and exit pages by one cursor, and cuts both alike to the answer budget', async () => {
    // 150 two-event sessions: entry /in/<n>, exit /out/<n>, with long paths so that 150 rows of each are over the budget.
    const long = 'p'.repeat(60);
    await track(
      Array.from({ length: 150 }, (_, index) => [
        { event: 'page_view', session_id: `s${index}`, user_id: `u${index}`, properties: { path: `/in/${index % 40}/${long}` }, timestamp: T0 + index * 1000 },
        { event: 'page_view', session_id: `s${index}`, user_id: `u${index}`, properties: { path: `/out/${index % 55}/${long}` }, timestamp: T0 + index * 1000 + 500 },
      ]).flat(),
    );
    const whole = await expectOk<{ entry_pages: unknown[]; exit_pages: unknown[] }>(on('rest', 'get_pages', { project: 'site', type: 'both', limit: 1000 }));
    expect(whole.entry_pages).toHaveLength(40);
    expect(whole.exit_pages).toHaveLength(55);
    const pages = await walk('get_pages', { project: 'site', type: 'both', limit: 7 }, 'next_cursor');
    expect(pages).toHaveLength(8);
    expect(rowsOf(pages, 'entry_pages')).toEqual(whole.entry_pages);
    expect(rowsOf(pages, 'exit_pages')).toEqual(whole.exit_pages);
    expect(rowsOf(await walk('get_pages', { project: 'site', type: 'exit', limit: 10 }, 'next_cursor'), 'exit_pages')).toEqual(whole.exit_pages);
    // Wider sessions: the answer a model reads is cut, both lists at the same row, and the cursor continues there.
    await track(
      Array.from({ length: 200 }, (_, index) => [
        { event: 'page_view', session_id: `w${index}`, properties: { path: `/wide-in/${index}/${long}` }, timestamp: T0 + HOUR + index },
        { event: 'page_view', session_id: `w${index}`, properties: { path: `/wide-out/${index}/${long}` }, timestamp: T0 + HOUR + index + 1 },
      ]).flat(),
    );
    const all = await expectOk<{ entry_pages: unknown[]; exit_pages: unknown[] }>(on('rest', 'get_pages', { project: 'site', type: 'both', limit: 1000 }));
    const cut = await walk('get_pages', { project: 'site', type: 'both', limit: 1000 }, 'next_cursor');
    expect(cut.length).toBeGreaterThan(1);
    for (const page of cut.slice(0, -1)) {
      expect(page.truncated).toBe(true);
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(ANSWER_BUDGET_BYTES);
      expect((page.entry_pages as unknown[]).length).toBe((page.exit_pages as unknown[]).length);
    }
    expect(rowsOf(cut, 'entry_pages')).toEqual(all.entry_pages);
    expect(rowsOf(cut, 'exit_pages')).toEqual(all.exit_pages);
    await expectBadCursor('get_pages', { project: 'site' });
  });

  it('get_stats pages a long series, oldest bucket first, keyed by the bucket', async () => {
    // One event an hour for 40 hours: 40 hourly buckets.
    await track(Array.from({ length: 40 }, (_, index) => ({ event: 'page_view', user_id: `u${index % 3}`, timestamp: T0 + 2 * HOUR + index * HOUR })));
    const input = { project: 'site', since: '3d', group_by: 'hour' };
    const whole = await expectOk<{ timeSeries: Array<{ bucket: string }>; next_cursor: null } & Answer>(on('rest', 'get_stats', input));
    expect(whole.timeSeries).toHaveLength(40);
    expect(whole.next_cursor).toBeNull();
    const pages = await walk('get_stats', { ...input, limit: 9 }, 'next_cursor');
    expect(pages).toHaveLength(5);
    expect(rowsOf(pages, 'timeSeries')).toEqual(whole.timeSeries);
    // Every other field covers the whole window on every page.
    const { timeSeries: _series, next_cursor: _cursor, ...rest } = whole;
    for (const page of pages) expect(page).toMatchObject(rest);
    await expectBadCursor('get_stats', { project: 'site' });
  });

  it('list_projects, list_experiments and list_api_keys page oldest first by a keyset', async () => {
    for (let index = 0; index < 11; index += 1) await expectOk(t.call('create_project', { name: `p-${index}` }));
    const projects = await expectOk<{ projects: Array<{ id: string }>; count: number }>(on('rest', 'list_projects', {}));
    expect(projects.count).toBe(12);
    const projectPages = await walk('list_projects', { limit: 5 }, 'next_cursor');
    expect(projectPages.map((page) => page.count)).toEqual([5, 5, 2]);
    expect(rowsOf(projectPages, 'projects')).toEqual(projects.projects);

    for (let index = 0; index < 7; index += 1) {
      await expectOk(t.call('create_experiment', { project: 'site', name: `exp_${index}`, variants: ['a', 'b'], goal_event: 'buy' }));
    }
    const experiments = await expectOk<{ experiments: Array<{ id: string }> }>(on('rest', 'list_experiments', { project: 'site' }));
    expect(experiments.experiments).toHaveLength(7);
    const experimentPages = await walk('list_experiments', { project: 'site', limit: 3 }, 'next_cursor');
    expect(rowsOf(experimentPages, 'experiments')).toEqual(experiments.experiments);
    const active = await walk('list_experiments', { project: 'site', status: 'active', limit: 2 }, 'next_cursor');
    expect(rowsOf(active, 'experiments')).toEqual(experiments.experiments);
    expect(rowsOf(await walk('list_experiments', { project: 'site', status: 'paused', limit: 2 }, 'next_cursor'), 'experiments')).toEqual([]);

    for (let index = 0; index < 6; index += 1) await expectOk(t.call('create_api_key', { name: `key ${index}` }));
    const keys = await expectOk<{ keys: Array<{ id: string }> }>(on('rest', 'list_api_keys', {}));
    expect(keys.keys).toHaveLength(7);
    const keyPages = await walk('list_api_keys', { limit: 2 }, 'nextCursor');
    expect(keyPages).toHaveLength(4);
    expect(rowsOf(keyPages, 'keys')).toEqual(keys.keys);

    // Rows added during a walk do not shift it: a project created between pages comes last, after the rows walked.
    const first = await expectOk<{ projects: Array<{ id: string }>; next_cursor: string }>(on('mcp', 'list_projects', { limit: 5 }));
    await expectOk(t.call('create_project', { name: 'late' }));
    const later = await walk('list_projects', { limit: 5, cursor: first.next_cursor }, 'next_cursor');
    const walked = [...first.projects, ...rowsOf(later, 'projects')] as Array<{ id: string; name: string }>;
    expect(walked.slice(0, 12)).toEqual(projects.projects);
    expect(walked.at(-1)!.name).toBe('late');

    await expectBadCursor('list_projects', {});
    await expectBadCursor('list_experiments', { project: 'site' });
    await expectBadCursor('list_api_keys', {});
  });
});

describe('get_event_catalog', () => {
  it('pages names after the last one read, with the shared cursor codec', async () => {
    await expectOk(t.call('ingest_event', { events: Array.from({ length: 11 }, (_, index) => ({ event: `n.${String(index).padStart(2, '0')}`, timestamp: NOW - 1000 })) }));
    const whole = await expectOk<{ events: Array<{ event: string }> }>(on('rest', 'get_event_catalog', { limit: 500 }));
    expect(whole.events).toHaveLength(11);
    const pages = await walk('get_event_catalog', { limit: 3 }, 'nextCursor');
    expect(pages).toHaveLength(4);
    expect(rowsOf(pages, 'events')).toEqual(whole.events);
    await expectBadCursor('get_event_catalog', {});
  });
});
