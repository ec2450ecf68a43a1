import { afterEach, describe, expect, it } from 'vitest';
import type { ApiKeyInfo } from '../../domain/tenancy/tenancy-service.js';
import type { Store } from '../store.js';
import { openLibsqlStore } from './libsql-store.js';
import { LibsqlTenancyRepo } from './tenancy.js';

describe('LibsqlTenancyRepo', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  const key = (id: string, createdAt: number): ApiKeyInfo => ({
    id, workspaceId: 'ws', name: `key ${id}`, prefix: 'ha_live_abcd', scopes: ['read', 'write'], environment: 'live', createdAt, revokedAt: null,
  });

  async function open() {
    store = await openLibsqlStore({ url: ':memory:' });
    const repo = new LibsqlTenancyRepo(store);
    await repo.insertWorkspace({ id: 'ws', name: 'Shop', createdAt: 5, defaultBusinessId: 'default' });
    return repo;
  }

  it('reads keys back as written; a revoke keeps the first revocation time; unknown keys are undefined', async () => {
    const repo = await open();
    expect(await repo.workspace('ws')).toEqual({ id: 'ws', name: 'Shop', createdAt: 5 });
    expect(await repo.firstWorkspaceId()).toBe('ws');
    await repo.insertKey(key('k1', 10), 'hash-1');
    expect(await repo.keyByHash('hash-1')).toEqual(key('k1', 10));
    expect(await repo.keyIdByHash('hash-1')).toBe('k1');
    expect(await repo.revokeKey('ws', 'k1', 20)).toEqual({ ...key('k1', 10), revokedAt: 20 });
    expect(await repo.revokeKey('ws', 'k1', 30)).toEqual({ ...key('k1', 10), revokedAt: 20 });
    expect(await repo.revokeKey('other', 'k1', 30)).toBeUndefined();
    await repo.deleteKey('k1');
    expect(await repo.keyByHash('hash-1')).toBeUndefined();
  });

  it('pages keys oldest first, ties in id order, after the (created_at, id) cursor', async () => {
    const repo = await open();
    for (const [id, t] of [['c', 20], ['a', 10], ['b', 20]] as const) await repo.insertKey(key(id, t), `hash-${id}`);
    const ids = (keys: ApiKeyInfo[]) => keys.map((value) => value.id);
    expect(ids(await repo.listKeys('ws'))).toEqual(['a', 'b', 'c']);
    expect(ids(await repo.listKeys('ws', { after: { t: 20, id: 'b' }, limit: 5 }))).toEqual(['c']);
    expect(ids(await repo.listKeys('ws', { limit: 1 }))).toEqual(['a']);
  });
});
