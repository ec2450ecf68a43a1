import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeadlessAnalytics, HeadlessAnalyticsError, type HeadlessAnalyticsOptions } from '../src/index.js';
import { countEvents, startApi, startFaultProxy, TEST_KEY, type FaultDecision, type LiveApi } from './api-server.js';

const FAST_RETRY = { maxRetries: 8, baseDelayMs: 5, maxDelayMs: 50 };

describe('track() delivery against a real engine behind the REST bridge', () => {
  let api: LiveApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.stop();
  });

  async function withProxy(decide: (index: number, path: string) => FaultDecision, options: Partial<HeadlessAnalyticsOptions> = {}) {
    const proxy = await startFaultProxy(() => api.url, decide);
    const errors: HeadlessAnalyticsError[] = [];
    const ha = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: proxy.url, retry: FAST_RETRY, onError: (error) => errors.push(error), ...options });
    return { proxy, ha, errors };
  }

  it('batches by size: 2,500 events with maxBatchSize 1,000 go out as 3 requests, all stored', async () => {
    const { proxy, ha, errors } = await withProxy(() => 'forward', { flushAt: 1000, maxConcurrentRequests: 1 });
    for (let i = 0; i < 2500; i++) void ha.track('size.batched', { properties: { i } });
    await ha.shutdown();
    await proxy.close();
    expect(proxy.seen.map((request) => request.events)).toEqual([1000, 1000, 500]);
    expect(errors).toEqual([]);
    expect(await countEvents(api.engine, 'size.batched')).toEqual({ rows: 2500, messageIds: 2500 });
  });

  it('batches by interval: a few events below flushAt are sent together once the interval passes', async () => {
    const { proxy, ha } = await withProxy(() => 'forward', { flushAt: 100, flushIntervalMs: 30 });
    const results = await Promise.all([ha.track('interval.batched'), ha.track('interval.batched'), ha.track('interval.batched')]);
    expect(results.every((result) => result.delivered)).toBe(true);
    expect(proxy.seen.map((request) => request.events)).toEqual([3]);
    await ha.shutdown();
    await proxy.close();
  });

  it('retries 500s and lost answers with the same messageIds: nothing lost, nothing stored twice', async () => {
    // Request 0 fails before reaching the API; request 1 is stored but its answer is replaced by a 500.
    const decide = (index: number): FaultDecision => (index === 0 ? { status: 500 } : index === 1 ? { status: 503, afterForward: true } : 'forward');
    const { proxy, ha, errors } = await withProxy(decide, { flushAt: 50, maxConcurrentRequests: 1 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => ha.track('retry.deduped', { properties: { i } })));
    await ha.shutdown();
    await proxy.close();
    expect(proxy.seen.map((request) => request.status)).toEqual([500, 503, 200]);
    expect(results.every((result) => result.delivered && result.id.length > 0)).toBe(true);
    expect(errors).toEqual([]);
    expect(ha.deliveryStats).toMatchObject({ delivered: 50, dropped: 0, retries: 2, pending: 0 });
    expect(await countEvents(api.engine, 'retry.deduped')).toEqual({ rows: 50, messageIds: 50 });
  });

  it('honours Retry-After on 429 before retrying', async () => {
    const { proxy, ha } = await withProxy((index) => (index === 0 ? { status: 429, headers: { 'retry-after': '1' } } : 'forward'));
    const result = await ha.track('retry.after');
    await ha.shutdown();
    await proxy.close();
    expect(result.delivered).toBe(true);
    const [limited, retried] = proxy.seen;
    expect(limited!.status).toBe(429);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(1000);
  });

  it('drops only the events a 400 names (field path) and delivers the rest of the batch', async () => {
    const { proxy, ha, errors } = await withProxy(() => 'forward', { flushAt: 3 });
    const results = await Promise.all([
      ha.track('partial.ok', { properties: { n: 1 } }),
      ha.track('partial.bad', { trustTier: 'T9' as 'T0' }),
      ha.track('partial.ok', { properties: { n: 2 } }),
    ]);
    await ha.shutdown();
    await proxy.close();
    expect(results.map((result) => result.delivered)).toEqual([true, false, true]);
    const rejected = results[1]!;
    expect(rejected.delivered === false && rejected.error.code).toBe('INVALID_INPUT');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.details?.issues?.[0]?.path).toMatch(/^events\[1\]\.trustTier/);
    expect(await countEvents(api.engine, 'partial.ok')).toEqual({ rows: 2, messageIds: 2 });
    expect(await countEvents(api.engine, 'partial.bad')).toEqual({ rows: 0, messageIds: 0 });
  });

  it('splits a batch the server finds too large (413) until the parts fit', async () => {
    const small = await startApi({ bodyLimitBytes: 16_000 });
    const errors: HeadlessAnalyticsError[] = [];
    const ha = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: small.url, flushAt: 200, onError: (error) => errors.push(error) });
    for (let i = 0; i < 200; i++) void ha.track('split.batch', { properties: { i, note: 'x'.repeat(200) } });
    await ha.shutdown();
    expect(errors).toEqual([]);
    expect(ha.deliveryStats.requests).toBeGreaterThan(4);
    expect(await countEvents(small.engine, 'split.batch')).toEqual({ rows: 200, messageIds: 200 });
    await small.stop();
  });

  it('gives up without retrying on a bad key, and reports it', async () => {
    const errors: HeadlessAnalyticsError[] = [];
    const ha = new HeadlessAnalytics({ writeKey: 'ha_test_wrongwrongwrongwrongwrong', apiUrl: api.url, retry: FAST_RETRY, onError: (error) => errors.push(error) });
    const result = await ha.track('auth.failed');
    await ha.shutdown();
    expect(result.delivered).toBe(false);
    expect(errors.map((error) => [error.code, error.status])).toEqual([['UNAUTHENTICATED', 401]]);
    expect(ha.deliveryStats.retries).toBe(0);
  });

  it('refuses events beyond maxQueueSize and after shutdown, with clear codes', async () => {
    const errors: HeadlessAnalyticsError[] = [];
    const ha = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: api.url, maxQueueSize: 2, flushAt: 10, onError: (error) => errors.push(error) });
    const results = [ha.track('overflow.kept'), ha.track('overflow.kept'), ha.track('overflow.refused')];
    expect((await results[2]!).delivered).toBe(false);
    await ha.shutdown();
    const late = await ha.track('after.shutdown');
    expect(errors.map((error) => error.code)).toEqual(['QUEUE_FULL', 'CLIENT_CLOSED']);
    expect(late.delivered).toBe(false);
    expect((await Promise.all(results.slice(0, 2))).every((result) => result.delivered)).toBe(true);
  });

  it('flush() waits for events tracked before it, including ones still retrying', async () => {
    const { proxy, ha } = await withProxy((index) => (index < 3 ? { status: 502 } : 'forward'), { flushAt: 1000 });
    for (let i = 0; i < 10; i++) void ha.track('flush.waits');
    await ha.flush();
    expect(ha.deliveryStats).toMatchObject({ pending: 0, delivered: 10 });
    expect(await countEvents(api.engine, 'flush.waits')).toEqual({ rows: 10, messageIds: 10 });
    await ha.shutdown();
    await proxy.close();
  });

  it('in Node, delivers what is queued when the process would exit without shutdown()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ha-sdk-exit-'));
    const script = join(dir, 'script.mjs');
    const sdk = new URL('../dist/index.js', import.meta.url).href;
    writeFileSync(script, `import { HeadlessAnalytics } from '${sdk}';\nconst ha = new HeadlessAnalytics({ flushIntervalMs: 60000 });\nfor (let i = 0; i < 7; i++) ha.track('exit.flushed');\n`);
    // Asynchronous spawn: the API answering the child runs in this process.
    const child = spawn(process.execPath, [script], { env: { ...process.env, HA_API_KEY: TEST_KEY, HA_API_URL: api.url }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const status = await new Promise((resolve) => child.on('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
    expect(status, stderr).toBe(0);
    expect(await countEvents(api.engine, 'exit.flushed')).toEqual({ rows: 7, messageIds: 7 });
  });

  it('rejects bad options with the option name', () => {
    expect(() => new HeadlessAnalytics({ writeKey: TEST_KEY, maxBatchSize: 5000 })).toThrow(/options\.maxBatchSize must be a number from 1 to 1000/);
    expect(() => new HeadlessAnalytics({ writeKey: '' })).toThrow(/options\.writeKey is required/);
  });
});

describe('track() across a server restart on the same database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ha-sdk-restart-'));
  const databaseUrl = `file:${join(dir, 'restart.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers every event exactly once while the API goes away and comes back', async () => {
    let api = await startApi({ databaseUrl });
    const port = api.port;
    const ha = new HeadlessAnalytics({ writeKey: TEST_KEY, apiUrl: api.url, flushAt: 200, retry: { maxRetries: 20, baseDelayMs: 10, maxDelayMs: 100 }, onError: () => undefined });
    const total = 5000;
    const results = [];
    for (let i = 0; i < total / 2; i++) results.push(ha.track('restart.event', { properties: { i } }));
    // Stop mid-stream: some batches were stored, some are in flight, the rest wait and retry against a closed port.
    await new Promise((resolve) => setImmediate(resolve));
    await api.stop();
    for (let i = total / 2; i < total; i++) results.push(ha.track('restart.event', { properties: { i } }));
    for (let attempt = 0; ha.deliveryStats.retries === 0 && attempt < 1000; attempt++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(ha.deliveryStats.retries).toBeGreaterThan(0);
    api = await startApi({ databaseUrl, port });
    await ha.shutdown();
    const settled = await Promise.all(results);
    expect(settled.filter((result) => !result.delivered)).toEqual([]);
    expect(await countEvents(api.engine, 'restart.event')).toEqual({ rows: total, messageIds: total });
    await api.stop();
  });
});
