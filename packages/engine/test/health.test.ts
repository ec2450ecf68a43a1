import Database from 'libsql';
import { describe, expect, it } from 'vitest';
import { expectOk, useFileEngine } from './support.js';

type Health = { ready: boolean; status: string; ingest: { failedCommits: number; lastCommitOk: boolean }; checks: Array<{ name: string; ok: boolean }> };

describe('get_runtime_health on an embedded file', () => {
  const file = useFileEngine('health');

  it('is not ready while commits fail, refuses the events, and recovers with the next commit', async () => {
    const t = file.current();
    await expectOk(t.call('ingest_event', { event: 'before' }));
    expect(await expectOk<Health>(t.call('get_runtime_health', {}))).toMatchObject({ ready: true, ingest: { failedCommits: 0, lastCommitOk: true } });

    // Another process holds the write lock past the store's busy timeout.
    const other = new Database(file.file());
    other.exec('BEGIN EXCLUSIVE');
    try {
      const refused = await t.call('ingest_event', { event: 'blocked' });
      expect(!refused.ok && refused.error.code).toBe('UNAVAILABLE');
      const health = await expectOk<Health>(t.call('get_runtime_health', {}));
      expect(health).toMatchObject({ ready: false, status: 'degraded', ingest: { failedCommits: 1, lastCommitOk: false } });
      expect(health.checks.find((check) => check.name === 'ingest.commits')).toMatchObject({ ok: false });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }

    await expectOk(t.call('ingest_event', { event: 'after' }));
    expect(await expectOk<Health>(t.call('get_runtime_health', {}))).toMatchObject({ ready: true, ingest: { failedCommits: 1, lastCommitOk: true } });
    const stored = await expectOk<{ events: Array<{ event: string }> }>(t.call('query_events', {}));
    expect(stored.events.map((event) => event.event).sort()).toEqual(['after', 'before']);
  }, 20_000);

  it('reports how long writes waited for and spent in commits, and the process\'s memory and garbage collection', async () => {
    const t = file.current();
    await Promise.all(Array.from({ length: 20 }, (_, index) => expectOk(t.call('ingest_event', { event: `e${index}` }))));
    // Short-lived garbage well past the young generation's size: collections happen.
    let kept = 0;
    for (let round = 0; round < 50; round += 1) kept += Array.from({ length: 20_000 }, (_, index) => ({ index })).length;
    expect(kept).toBe(1_000_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const health = await expectOk<{ ingest: { commits: number; committedEvents: number; meanQueueMs: number; meanCommitMs: number }; runtime: { rssMiB: number; heapUsedMiB: number; gcCount: number; gcPauseMs: number } }>(
      t.call('get_runtime_health', {}),
    );
    expect(health.ingest.committedEvents).toBe(20);
    expect(health.ingest.commits).toBeGreaterThanOrEqual(1);
    expect(health.ingest.commits).toBeLessThan(20);
    // A durable commit of a file database takes measurable time; waiting for one to start may take none.
    expect(health.ingest.meanCommitMs).toBeGreaterThan(0);
    expect(health.ingest.meanQueueMs).toBeGreaterThanOrEqual(0);
    expect(health.runtime.heapUsedMiB).toBeGreaterThan(0);
    expect(health.runtime.rssMiB).toBeGreaterThan(health.runtime.heapUsedMiB);
    expect(health.runtime.gcCount).toBeGreaterThan(0);
    expect(health.runtime.gcPauseMs).toBeGreaterThan(0);
  });
});
