import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentAnalytics, createProject, SEED } from './agent-analytics-harness.js';
import { NOW, startBridge, type Bridge } from './rest-harness.js';

/** On an embedded file, analytics reads run on worker threads with their own connections to the same WAL file. */
describe('Agent Analytics reads on the worker-thread pool', () => {
  let bridge: Bridge;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ha-aa-pool-'));
    bridge = await startBridge({ databaseUrl: `file:${join(dir, 'analytics.db')}` });
  });
  afterAll(async () => {
    await bridge.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves reads from workers that see every acknowledged write', async () => {
    expect(bridge.engine.services.analytics.reader.mode).toBe('worker-pool');
    const aa = agentAnalytics(bridge);
    await createProject(bridge, 'pooled');
    expect((await aa.post('/track/batch', { project: 'pooled', events: SEED })).status).toBe(202);
    const [stats, funnel, retention] = await Promise.all([
      aa.get('/stats', { project: 'pooled', since: '7d' }),
      aa.post('/funnel', { project: 'pooled', steps: [{ event: 'page_view' }, { event: 'signup_start' }] }),
      aa.get('/retention', { project: 'pooled', period: 'week', cohorts: 3 }),
    ]);
    expect(stats.body.totals).toEqual({ unique_users: 5, total_events: 10 });
    expect(funnel.body.overall_conversion_rate).toBe(0.4);
    expect(retention.body.average_rates).toEqual([1, 0, 1]);
    expect((await aa.post('/track', { project: 'pooled', event: 'late', user_id: 'u9', timestamp: NOW })).status).toBe(202);
    const after = await aa.get('/stats', { project: 'pooled', since: '7d' });
    expect(after.body.totals).toEqual({ unique_users: 6, total_events: 11 });
  });

  it('counts experiment exposures and conversions on the workers too', async () => {
    const aa = agentAnalytics(bridge);
    await createProject(bridge, 'experimenting');
    const created = await aa.post('/experiments', { project: 'experimenting', name: 'cta', variants: ['control', 'bold'], goal_event: 'signup' });
    expect(created.status).toBe(201);
    const events = ['control', 'bold'].flatMap((variant) =>
      [1, 2].flatMap((user) => [
        { event: '$experiment_exposure', user_id: `${variant}-${user}`, properties: { experiment: 'cta', variant }, timestamp: NOW - 60_000 },
        ...(variant === 'bold' || user === 1 ? [{ event: 'signup', user_id: `${variant}-${user}`, timestamp: NOW - 30_000 }] : []),
      ]),
    );
    expect((await aa.post('/track/batch', { project: 'experimenting', events })).status).toBe(202);
    const results = await aa.get(`/experiments/${created.body.id}`);
    expect(results.body.results.variants.map((row: { variant: string; exposures: number; conversions: number }) => [row.variant, row.exposures, row.conversions])).toEqual([
      ['control', 2, 1],
      ['bold', 2, 2],
    ]);
  });
});
