import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { openLibsqlStore } from './libsql-store.js';
import { LibsqlUsageRepo } from './usage.js';

describe('LibsqlUsageRepo', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('adds increments to their counters and reads them newest day first, filtered by day range, key and tool', async () => {
    store = await openLibsqlStore({ url: ':memory:' });
    const repo = new LibsqlUsageRepo(store);
    await repo.add([
      { key: ['ws', '2026-01-01', '', 'track', 'rest'], calls: 2, errors: 1 },
      { key: ['ws', '2026-01-02', 'k1', 'track', 'mcp'], calls: 1, errors: 0 },
    ]);
    await repo.add([{ key: ['ws', '2026-01-01', '', 'track', 'rest'], calls: 3, errors: 0 }]);
    expect(await repo.query('ws', { limit: 10 })).toEqual([
      { day: '2026-01-02', keyId: 'k1', tool: 'track', surface: 'mcp', calls: 1, errors: 0 },
      { day: '2026-01-01', keyId: '', tool: 'track', surface: 'rest', calls: 5, errors: 1 },
    ]);
    expect((await repo.query('ws', { to: '2026-01-01', limit: 10 })).map((row) => row.day)).toEqual(['2026-01-01']);
    expect((await repo.query('ws', { keyId: 'k1', tool: 'track', from: '2026-01-02', limit: 10 })).length).toBe(1);
    expect(await repo.query('ws', { tool: 'other', limit: 10 })).toEqual([]);
    expect(await repo.query('ws', { limit: 1 })).toHaveLength(1);
  });
});
