import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCOPED_TABLES } from '../src/domain/account/retention.js';
import { expectOk, openTestEngine, type TestEngine } from './support.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 15, 12);
let t: TestEngine;
beforeEach(async () => {
  t = await openTestEngine({ clock: () => NOW });
});
afterEach(async () => {
  await t.engine.close();
});

interface Page {
  events: Array<{ timestamp: number; actor?: unknown }>;
  nextCursor: string | null;
}

async function seed(project: string): Promise<void> {
  const events = [];
  for (const [businessId, prefix] of [[project, 'p'], ['default', 'd']] as const) {
    // u1 only 40 days ago; u2 then and yesterday; u3 only yesterday.
    for (const [actor, ago] of [['u1', 40], ['u2', 40], ['u2', 1], ['u3', 1]] as const) {
      events.push({ event: 'page_view', businessId, actor: `${prefix}${actor}`, timestamp: NOW - ago * DAY });
      events.push({ event: 'signup', businessId, actor: `${prefix}${actor}`, timestamp: NOW - ago * DAY + 60_000 });
    }
  }
  await expectOk(t.call('ingest_event', { events }));
}

describe('retention_days', () => {
  it('keeps everything while the account has no retention limit', async () => {
    const { id } = await expectOk<{ id: string }>(t.call('create_project', { name: 'site' }));
    await seed(id);
    expect(await t.engine.services.retention.purge(t.principal.workspaceId)).toEqual({ cutoff: null, events: 0 });
    expect((await expectOk<{ totalEvents: number }>(t.call('query_metrics', { from: NOW - 90 * DAY, to: NOW }))).totalEvents).toBe(16);
  });

  it('deletes older events and their rollups once set, so no read counts them', async () => {
    const { id } = await expectOk<{ id: string }>(t.call('create_project', { name: 'site' }));
    await seed(id);
    const range = { from: NOW - 90 * DAY, to: NOW };
    const funnel = { ...range, steps: [{ event: 'page_view' }, { event: 'signup' }] };
    // Read once before, so in-memory indexes hold the old events too.
    expect((await expectOk<{ steps: Array<{ count: number }> }>(t.call('query_funnel', funnel))).steps[0]!.count).toBe(6);

    await expectOk(t.call('update_account', { limits: { retention_days: 30 } }));
    // The purge it started runs in the background; purges run one at a time, so this one ends after it.
    await t.engine.services.retention.purge(t.principal.workspaceId);

    const cutoff = Date.UTC(2026, 5, 15) - 30 * DAY;
    const page = await expectOk<Page>(t.call('query_events', { limit: 100 }));
    expect(page.events).toHaveLength(8);
    expect(page.events.every((event) => event.timestamp >= cutoff)).toBe(true);
    const metrics = await expectOk<{ totalEvents: number }>(t.call('query_metrics', range));
    expect(metrics.totalEvents).toBe(8);
    const steps = (await expectOk<{ steps: Array<{ count: number }> }>(t.call('query_funnel', funnel))).steps.map((step) => step.count);
    expect(steps).toEqual([4, 4]);
    const stats = await expectOk<{ totals: Record<string, number> }>(t.call('get_stats', { project: 'site', since: '90d' }));
    expect(stats.totals).toMatchObject({ total_events: 4, unique_users: 2 });
    const sessions = await t.engine.services.store.execute('SELECT count(*) AS n FROM aa_sessions WHERE end_time < ?', [cutoff]);
    expect(sessions.rows[0]).toMatchObject({ n: 0 });
    // Another purge finds nothing more.
    expect(await t.engine.services.retention.purge(t.principal.workspaceId)).toEqual({ cutoff, events: 0 });
  });

  it('keeps the experiment exposure of a user exposed again after the cutoff, with their first variant', async () => {
    await expectOk(t.call('create_project', { name: 'site' }));
    const { id } = await expectOk<{ id: string }>(t.call('create_experiment', { project: 'site', name: 'cta', variants: ['control', 'bold'], goal_event: 'signup' }));
    const exposure = (variant: string, ago: number, user: string) => ({ event: '$experiment_exposure', user_id: user, properties: { experiment: 'cta', variant }, timestamp: NOW - ago * DAY });
    await expectOk(
      t.call('track_batch', {
        project: 'site',
        events: [
          // back: first exposed 40 days ago (control), again yesterday, converts today; gone: only 40 days ago.
          exposure('control', 40, 'back'), exposure('bold', 1, 'back'), { event: 'signup', user_id: 'back', timestamp: NOW - DAY / 2 },
          exposure('bold', 40, 'gone'),
        ],
      }),
    );
    const tally = async () =>
      (await expectOk<{ results: { variants: Array<{ variant: string; exposures: number; conversions: number }> } }>(t.call('get_experiment', { id }))).results.variants.map(
        (row) => [row.variant, row.exposures, row.conversions],
      );
    expect(await tally()).toEqual([['control', 1, 1], ['bold', 1, 0]]);
    await expectOk(t.call('update_account', { limits: { retention_days: 30 } }));
    await t.engine.services.retention.purge(t.principal.workspaceId);
    expect(await tally()).toEqual([['control', 1, 1], ['bold', 0, 0]]);
  });

  it('leaves other workspaces alone', async () => {
    const other = await expectOk<{ workspace: { id: string } }>(t.call('create_workspace', { name: 'other' }));
    const otherPrincipal = t.engine.localPrincipal(other.workspace.id);
    await expectOk(t.call('ingest_event', { event: 'old', timestamp: NOW - 40 * DAY }, otherPrincipal));
    await expectOk(t.call('ingest_event', { event: 'old', timestamp: NOW - 40 * DAY }));
    await expectOk(t.call('update_account', { limits: { retention_days: 30 } }));
    await t.engine.services.retention.purge(t.principal.workspaceId);
    expect((await expectOk<Page>(t.call('query_events', {}))).events).toHaveLength(0);
    expect((await expectOk<Page>(t.call('query_events', {}, otherPrincipal))).events).toHaveLength(1);
  });
});

describe('retention coverage', () => {
  it('names every scope-keyed rollup table with the column that dates its rows', async () => {
    // A new Agent Analytics rollup table must be added to the purge list, or retention would keep its rows.
    const store = t.engine.services.store;
    const tables = await store.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    const scoped: string[] = [];
    for (const row of tables.rows) {
      const columns = await store.execute('SELECT name FROM pragma_table_info(?)', [String(row.name)]);
      if (columns.rows.some((column) => column.name === 'scope')) scoped.push(String(row.name));
    }
    expect(scoped.length).toBeGreaterThan(5);
    expect(SCOPED_TABLES.map(([table]) => table).sort()).toEqual(scoped.sort());
    for (const [table, column] of SCOPED_TABLES) {
      const columns = await store.execute('SELECT name FROM pragma_table_info(?)', [table]);
      expect(columns.rows.map((row) => row.name)).toContain(column);
    }
  });
});
