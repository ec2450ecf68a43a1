import { afterEach, describe, expect, it } from 'vitest';
import type { ProjectRef } from '../../domain/projects/project-lookup.js';
import type { Store } from '../store.js';
import { openLibsqlStore } from './libsql-store.js';
import { LibsqlProjectsRepo } from './projects.js';

describe('LibsqlProjectsRepo', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  const project = (id: string, createdAt: number, workspaceId = 'ws'): ProjectRef => ({
    workspaceId, id, name: `name-${id}`, token: `token-${workspaceId}-${id}`, allowedOrigins: ['https://a.example'], createdAt,
  });

  it('reads a stored project back as it was written, by id, name and token, in its own workspace only', async () => {
    store = await openLibsqlStore({ url: ':memory:' });
    const repo = new LibsqlProjectsRepo(store);
    await repo.insert(project('p1', 10));
    await repo.insert(project('p1', 10, 'other'));
    expect(await repo.byIdOrName('ws', 'p1')).toEqual(project('p1', 10));
    expect(await repo.byIdOrName('ws', 'name-p1')).toEqual(project('p1', 10));
    expect(await repo.byToken('token-other-p1')).toEqual(project('p1', 10, 'other'));
    expect(await repo.idByName('ws', 'name-p1')).toBe('p1');
    expect(await repo.byIdOrName('ws', 'nope')).toBeUndefined();
    expect(await repo.count('ws')).toBe(1);
  });

  it('pages oldest first, ties in id order, after the (created_at, id) cursor', async () => {
    store = await openLibsqlStore({ url: ':memory:' });
    const repo = new LibsqlProjectsRepo(store);
    for (const [id, t] of [['c', 20], ['a', 10], ['b', 20], ['d', 30]] as const) await repo.insert(project(id, t));
    const ids = (projects: ProjectRef[]) => projects.map((value) => value.id);
    expect(ids(await repo.list('ws'))).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(await repo.list('ws', { limit: 2 }))).toEqual(['a', 'b']);
    expect(ids(await repo.list('ws', { after: { t: 20, id: 'b' }, limit: 2 }))).toEqual(['c', 'd']);
  });
});
