import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../src/index.js';
import { ANSWER_BUDGET_BYTES } from '../src/tool/answer-budget.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const T0 = Date.UTC(2026, 0, 5, 10, 0, 0);
const HOUR = 3_600_000;
const CAP = 25_000;
let t: TestEngine;
let projectId: string;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => T0 + 48 * HOUR });
  projectId = (await expectOk<{ id: string }>(t.call('create_project', { name: 'site' }))).id;
});
afterEach(async () => {
  await t.engine.close();
});

type Surface = 'mcp' | 'rest';
const on = (surface: Surface, name: string, input: unknown, principal: Principal = t.principal) =>
  t.engine.invoke(name, input, { principal, surface });

/** A deterministic pseudo-random string of `length` characters drawn from `alphabet`. */
function noise(seed: number, length: number, alphabet: string): string {
  let state = seed >>> 0;
  let text = '';
  for (let index = 0; index < length; index += 1) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    text += alphabet[state % alphabet.length];
  }
  return text;
}
const PRINTABLE = Array.from({ length: 94 }, (_, index) => String.fromCharCode(33 + index)).join('');
const UNICODE = Array.from({ length: 400 }, (_, index) => String.fromCodePoint(0x4e00 + index * 37, 0x1f300 + (index % 200))).join('');

/** Events as wide as real ones get: many properties, long URLs and user agents, and content that tokenizes badly. */
function wideEvents(count: number, businessId?: string) {
  return Array.from({ length: count }, (_, index) => ({
    event: index % 3 === 0 ? 'page_view' : 'checkout.step',
    ...(businessId ? { businessId } : {}),
    actor: { type: 'user', id: `user-${index % 37}` },
    traceId: `trace-${index % 11}`,
    sessionId: `session-${Math.floor(index / 5)}`,
    timestamp: T0 - Math.floor(index / 3) * 1000, // three events per millisecond: ties on the time
    properties: {
      path: `/products/${noise(index, 40, 'abcdefghijklmnopqrstuvwxyz-/')}`,
      user_agent: `Mozilla/5.0 (${noise(index + 1, 60, PRINTABLE)})`,
      signature: noise(index + 2, 200, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
      note: noise(index + 3, 80, UNICODE),
    },
    context: { ip: `10.0.${index % 255}.${(index * 7) % 255}`, locale: 'de-DE' },
  }));
}

async function ingest(envelopes: Array<Record<string, unknown>>) {
  for (let start = 0; start < envelopes.length; start += 1000) {
    await expectOk(t.call('ingest_event', { events: envelopes.slice(start, start + 1000) }));
  }
}

interface Paged {
  [rows: string]: unknown;
  truncated: boolean;
}

/** Follows the cursor from the first page to the last; returns every page's answer. */
async function walk(surface: Surface, name: string, input: Record<string, unknown>, cursorKey: 'nextCursor' | 'next_cursor', between?: () => Promise<void>) {
  const pages: Paged[] = [];
  let cursor: string | null = null;
  do {
    const page: Paged = await expectOk<Paged>(on(surface, name, cursor === null ? input : { ...input, cursor }));
    pages.push(page);
    cursor = page[cursorKey] as string | null;
    if (between) await between();
  } while (cursor !== null && pages.length < 500);
  return pages;
}

const idsOf = (pages: Paged[], rows: string, key = 'id') => pages.flatMap((page) => (page[rows] as Array<Record<string, string>>).map((row) => row[key]!));

describe('cursor paging', () => {
  it('query_events: a walk returns every event exactly once, newest first, while events are ingested between pages', async () => {
    await ingest(wideEvents(230));
    const all = idsOf([await expectOk<Paged>(on('rest', 'query_events', { limit: 1000 }))], 'events');
    expect(all).toHaveLength(230);
    let late = 0;
    // Between pages: newer events, and events at the very millisecond the walk is in (ties broken by storage order).
    const between = async () => {
      late += 1;
      await expectOk(t.call('ingest_event', { events: [{ event: 'late', timestamp: T0 + late }, { event: 'late.tie', timestamp: T0 - 20_000 }] }));
    };
    const pages = await walk('mcp', 'query_events', { limit: 40, responseFormat: 'concise' }, 'nextCursor', between);
    const walked = idsOf(pages, 'events').filter((id) => all.includes(id));
    expect(walked).toEqual(all);
    expect(new Set(idsOf(pages, 'events')).size).toBe(idsOf(pages, 'events').length);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('list_events and list_sessions: keyset walks return every row once under concurrent ingest', async () => {
    await ingest(wideEvents(300, projectId));
    const events = idsOf([await expectOk<Paged>(on('rest', 'list_events', { project: 'site', limit: 1000 }))], 'events');
    const sessions = idsOf([await expectOk<Paged>(on('rest', 'list_sessions', { project: 'site', limit: 1000 }))], 'sessions', 'session_id');
    expect(events).toHaveLength(300);
    expect(sessions).toHaveLength(60);
    let late = 0;
    const between = async () => {
      late += 1;
      await expectOk(t.call('track_event', { project: 'site', event: 'late', user_id: `late-${late}`, session_id: `late-${late}`, timestamp: T0 + late * 1000 }));
    };
    const walkedEvents = idsOf(await walk('mcp', 'list_events', { project: 'site', limit: 33 }, 'next_cursor', between), 'events');
    expect(walkedEvents.filter((id) => events.includes(id))).toEqual(events);
    expect(new Set(walkedEvents).size).toBe(walkedEvents.length);
    const walkedSessions = idsOf(await walk('mcp', 'list_sessions', { project: 'site', limit: 7 }, 'next_cursor', between), 'sessions', 'session_id');
    expect(walkedSessions.filter((id) => sessions.includes(id))).toEqual(sessions);
    expect(new Set(walkedSessions).size).toBe(walkedSessions.length);
  });

  it('run_query: an offset walk over sorted groups equals the one-shot answer', async () => {
    await ingest(wideEvents(200, projectId));
    const input = { project: 'site', metrics: ['event_count', 'unique_users'], group_by: ['user_id', 'event'], date_from: '30d' };
    const whole = await expectOk<{ rows: unknown[]; count: number; next_cursor: string | null }>(on('rest', 'run_query', { ...input, limit: 1000 }));
    expect(whole.rows).toHaveLength(74);
    expect(whole.next_cursor).toBeNull();
    const pages = await walk('mcp', 'run_query', { ...input, limit: 10 }, 'next_cursor');
    expect(pages).toHaveLength(8);
    expect(pages.flatMap((page) => page.rows as unknown[])).toEqual(whole.rows);
    expect(pages.map((page) => page.count)).toEqual([10, 10, 10, 10, 10, 10, 10, 4]);
  });

  it('get_breakdown and get_usage: offset walks equal the one-shot answers', async () => {
    await ingest(wideEvents(200, projectId));
    const values = await expectOk<{ values: unknown[] }>(on('rest', 'get_breakdown', { project: 'site', property: 'path', limit: 1000 }));
    expect(values.values).toHaveLength(200);
    const walked = await walk('mcp', 'get_breakdown', { project: 'site', property: 'path', limit: 30 }, 'next_cursor');
    expect(walked).toHaveLength(7);
    expect(walked.flatMap((page) => page.values as unknown[])).toEqual(values.values);
    const usage = await expectOk<{ rows: unknown[] }>(on('rest', 'get_usage', { limit: 10_000 }));
    const pages = await walk('rest', 'get_usage', { limit: 2 }, 'nextCursor');
    // Each page's own call is metered too: the walk sees at least the rows there were before it.
    expect(pages.flatMap((page) => page.rows as unknown[]).length).toBeGreaterThanOrEqual(usage.rows.length);
    expect(pages[0]).toMatchObject({ totals: { calls: expect.any(Number) } });
    const first = pages[0]!.rows as Array<{ calls: number }>;
    expect((pages[0]!.totals as { calls: number }).calls).toBe(first.reduce((sum, row) => sum + row.calls, 0));
  });

  it('refuses a cursor it did not write, naming the cursor field', async () => {
    const forged = Buffer.from(JSON.stringify({ t: 'x' })).toString('base64url');
    for (const [name, input] of [
      ['query_events', { cursor: 'not-a-cursor' }],
      ['query_events', { cursor: forged }],
      ['list_events', { project: 'site', cursor: forged }],
      ['list_sessions', { project: 'site', cursor: 'AAAA' }],
      ['run_query', { project: 'site', cursor: forged }],
    ] as const) {
      const result = await on('mcp', name, input);
      expect(result.ok, name).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('INVALID_INPUT');
      expect(result.error.details?.issues).toEqual([expect.objectContaining({ path: 'cursor' })]);
    }
  });
});

describe('the answer budget', () => {
  it('cuts a 1,000-row answer at a row boundary under 25,000 o200k tokens, and its cursor continues at the cut', async () => {
    await ingest(wideEvents(1000));
    const whole = idsOf([await expectOk<Paged>(on('rest', 'query_events', { limit: 1000 }))], 'events');
    expect(whole).toHaveLength(1000);
    const pages = await walk('mcp', 'query_events', { limit: 1000 }, 'nextCursor');
    for (const page of pages.slice(0, -1)) {
      const text = JSON.stringify(page);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(ANSWER_BUDGET_BYTES);
      expect(countTokens(text)).toBeLessThan(CAP);
      expect(page.truncated).toBe(true);
      expect(JSON.parse(text)).toEqual(page);
    }
    expect(pages.length).toBeGreaterThan(10);
    expect(pages.at(-1)!.nextCursor).toBeNull();
    expect(idsOf(pages, 'events')).toEqual(whole);
  });

  it('keeps the widest answers of the list tools under the cap, counted with the tokenizer', async () => {
    await ingest(wideEvents(1000, projectId));
    const calls = [
      ['query_events', { limit: 1000 }],
      ['list_events', { project: 'site', limit: 1000 }],
      ['list_sessions', { project: 'site', limit: 1000 }],
      ['run_query', { project: 'site', metrics: ['event_count', 'unique_users', 'session_count', 'bounce_rate', 'avg_duration'], group_by: ['user_id', 'session_id', 'event', 'date', 'country'], limit: 1000 }],
    ] as const;
    for (const [name, input] of calls) {
      const answer = await expectOk<Paged>(on('mcp', name, input));
      expect(countTokens(JSON.stringify(answer)), name).toBeLessThan(CAP);
      expect(answer.truncated, name).toBe(true);
      // Fields computed from the rows describe the rows kept.
      if (name === 'run_query') expect(answer.count).toBe((answer.rows as unknown[]).length);
    }
    // REST clients (programs) get the whole page they asked for.
    const rest = await expectOk<{ events: unknown[]; truncated: boolean }>(on('rest', 'list_events', { project: 'site', limit: 1000 }));
    expect(rest).toMatchObject({ truncated: false });
    expect(rest.events).toHaveLength(1000);
  });

  it('refuses a read that cannot be cut at a row, saying what to ask for instead', async () => {
    const now = T0 + 48 * HOUR;
    // Two names with about 500 hourly buckets each: one row alone is over the budget, so the paged answer cannot be cut.
    await ingest(Array.from({ length: 3000 }, (_, index) => ({ event: `order.step_${index % 2}`, properties: { revenue: index }, timestamp: now - index * 600_000 })));
    const result = await on('mcp', 'query_metrics', { interval: 'hour', from: now - 30 * 24 * HOUR, to: now, limit: 1000 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_INPUT');
    expect(result.error.message).toMatch(/budget.*even with a single row.*coarser interval/);
    expect(result.error.details).toMatchObject({ budgetBytes: ANSWER_BUDGET_BYTES });
    expect(await expectOk(on('rest', 'query_metrics', { interval: 'hour', from: now - 30 * 24 * HOUR, to: now, limit: 1000 }))).toMatchObject({ totalEvents: 3000 });
  });

  it('concise rows leave out the wide fields', async () => {
    await ingest(wideEvents(5, projectId));
    const events = await expectOk<{ events: Array<Record<string, unknown>> }>(on('mcp', 'query_events', { limit: 5, responseFormat: 'concise' }));
    expect(events.events[0]).not.toHaveProperty('properties');
    expect(events.events[0]).not.toHaveProperty('context');
    expect(events.events[0]).toMatchObject({ event: expect.any(String), actor: { id: expect.any(String) }, traceId: expect.any(String) });
    const listed = await expectOk<{ events: Array<Record<string, unknown>> }>(on('mcp', 'list_events', { project: 'site', response_format: 'concise' }));
    expect(Object.keys(listed.events[0]!).sort()).toEqual(['country', 'date', 'event', 'id', 'project_id', 'session_id', 'timestamp', 'user_id']);
    const sessions = await expectOk<{ sessions: Array<Record<string, unknown>> }>(on('mcp', 'list_sessions', { project: 'site', response_format: 'concise' }));
    expect(Object.keys(sessions.sessions[0]!).sort()).toEqual(['duration', 'entry_page', 'event_count', 'is_bounce', 'session_id', 'start_time', 'user_id']);
  });
});

describe('batch writes', () => {
  it('ingest_event answers a batch with counts, and the ids only when asked for', async () => {
    const batch = Array.from({ length: 1000 }, (_, index) => ({ event: 'batch.item', messageId: `m-${index}`, properties: { index } }));
    expect(await expectOk(on('mcp', 'ingest_event', { events: batch }))).toEqual({ accepted: 1000, duplicates: 0 });
    const again = await expectOk<{ accepted: number; duplicates: number; ids: string[] }>(on('mcp', 'ingest_event', { events: batch, returnIds: true }));
    expect(again).toMatchObject({ accepted: 0, duplicates: 1000 });
    expect(new Set(again.ids).size).toBe(1000);
    expect(countTokens(JSON.stringify(again))).toBeLessThan(CAP);
    const single = await expectOk<{ ids: string[] }>(on('mcp', 'ingest_event', { event: 'one' }));
    expect(single).toEqual({ accepted: 1, duplicates: 0, ids: [expect.any(String)] });
    expect(await expectOk(on('mcp', 'ingest_event', { event: 'two', returnIds: false }))).toEqual({ accepted: 1, duplicates: 0 });
    const stored = await expectOk<{ events: Array<Record<string, unknown>> }>(t.call('query_events', { event: 'one' }));
    expect(stored.events[0]).not.toHaveProperty('returnIds');
  });

  it('track_batch answers with its count', async () => {
    const events = Array.from({ length: 1000 }, (_, index) => ({ event: 'page_view', user_id: `u${index % 9}` }));
    expect(await expectOk(on('mcp', 'track_batch', { project: 'site', events }))).toEqual({ ok: true, queued: true, count: 1000 });
  });
});
