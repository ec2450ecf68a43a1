import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { openLibsqlStore } from './libsql-store.js';

describe('the embedded file store', () => {
  let directory: string;
  let store: Store;
  beforeEach(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ha-store-'));
    store = await openLibsqlStore({ url: `file:${join(directory, 'store.db')}` });
    await store.commit([{ sql: 'CREATE TABLE t (k TEXT PRIMARY KEY, a, b, c)', args: [] }]);
  });
  afterEach(async () => {
    await store.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('commits on its writer thread, binding booleans, dates and undefined as @libsql/client does', async () => {
    await store.commit([{ sql: 'INSERT INTO t VALUES (?, ?, ?, ?)', args: ['x', true, new Date(5), undefined as unknown as null] }]);
    await store.commit([{ sql: 'INSERT INTO t VALUES (:k, :a, :b, :c)', args: { k: 'y', a: false, b: 7, c: null } }]);
    expect(await store.rows('SELECT k, a, b, c FROM t ORDER BY k')).toEqual([['x', 1, 5, null], ['y', 0, 7, null]]);
    const viaClient = await store.execute('SELECT count(*) AS n FROM t');
    expect(Number(viaClient.rows[0]!.n)).toBe(2);
  });

  it('rolls a failed commit back whole, answers CONFLICT for a constraint, and goes on committing', async () => {
    await store.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: ['x'] }]);
    const failed = store.commit([
      { sql: 'INSERT INTO t (k) VALUES (?)', args: ['new'] },
      { sql: 'INSERT INTO t (k) VALUES (?)', args: ['x'] },
    ]);
    await expect(failed).rejects.toMatchObject({ code: 'CONFLICT' });
    await store.commit([{ sql: 'INSERT INTO t (k) VALUES (?)', args: ['z'] }]);
    expect(await store.rows('SELECT k FROM t ORDER BY k')).toEqual([['x'], ['z']]);
  });
});
