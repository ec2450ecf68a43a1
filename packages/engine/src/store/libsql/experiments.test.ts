import { afterEach, describe, expect, it } from 'vitest';
import { mainThreadReader } from '../../domain/analytics/reader.js';
import type { StoredExperiment } from '../../domain/experiments/experiments-repo.js';
import type { Store } from '../store.js';
import { LibsqlExperimentsRepo } from './experiments.js';
import { openLibsqlStore } from './libsql-store.js';

describe('LibsqlExperimentsRepo', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  const experiment = (id: string, createdAt: number, status: StoredExperiment['status'] = 'active', winner: string | null = null): StoredExperiment => ({
    id, projectId: 'p1', name: `name-${id}`, variants: [{ name: 'a', weight: 50 }, { name: 'b', weight: 50 }], goalEvent: 'signup',
    status, winner, createdAt, updatedAt: createdAt,
  });

  async function open() {
    store = await openLibsqlStore({ url: ':memory:' });
    const reader = mainThreadReader(store);
    return new LibsqlExperimentsRepo(store, (sql, args) => reader.all(sql, args));
  }

  it('reads a stored experiment back as written; status and winner are set in place', async () => {
    const repo = await open();
    await repo.insert('ws', experiment('e1', 10));
    expect(await repo.byId('ws', 'e1')).toEqual(experiment('e1', 10));
    expect(await repo.byId('other', 'e1')).toBeUndefined();
    expect(await repo.idByName('ws', 'p1', 'name-e1')).toBe('e1');
    await repo.setStatus('e1', 'completed', 'b', 20);
    expect(await repo.byId('ws', 'e1')).toEqual({ ...experiment('e1', 10, 'completed', 'b'), updatedAt: 20 });
  });

  it('lists by status (live: active, or completed with a winner) and pages after the (created_at, id) cursor', async () => {
    const repo = await open();
    for (const value of [experiment('c', 20, 'paused'), experiment('a', 10), experiment('b', 20, 'completed', 'a'), experiment('d', 30, 'completed')]) {
      await repo.insert('ws', value);
      // A new experiment is stored without a winner; one is set by an update.
      if (value.status !== 'active') await repo.setStatus(value.id, value.status, value.winner, value.updatedAt);
    }
    const ids = async (query: Parameters<typeof repo.list>[2]) => (await repo.list('ws', 'p1', query)).map((value) => value.id);
    expect(await ids({})).toEqual(['a', 'b', 'c', 'd']);
    expect(await ids({ statuses: 'live' })).toEqual(['a', 'b']);
    expect(await ids({ statuses: ['paused', 'completed'] })).toEqual(['b', 'c', 'd']);
    expect(await ids({ statuses: [] })).toEqual([]);
    expect(await ids({ page: { after: { t: 20, id: 'b' }, limit: 1 } })).toEqual(['c']);
  });
});
