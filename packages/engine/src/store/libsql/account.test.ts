import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '../store.js';
import { LibsqlAccountRepo } from './account.js';
import { openLibsqlStore } from './libsql-store.js';
import { LibsqlTenancyRepo } from './tenancy.js';

describe('LibsqlAccountRepo', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it("keeps the account in the workspace's settings beside other keys; none set reads as {}, no workspace as undefined", async () => {
    store = await openLibsqlStore({ url: ':memory:' });
    await new LibsqlTenancyRepo(store).insertWorkspace({ id: 'ws', name: 'Shop', createdAt: 1, defaultBusinessId: 'default' });
    await store.execute(`UPDATE workspaces SET settings = '{"other":1}' WHERE id = 'ws'`);
    const repo = new LibsqlAccountRepo(store);
    expect(await repo.storedSettings('ws')).toEqual({});
    expect(await repo.storedSettings('missing')).toBeUndefined();
    await repo.saveSettings('ws', { tier: 'pro', overrides: { projectsLimit: 7 } });
    expect(await repo.storedSettings('ws')).toEqual({ tier: 'pro', overrides: { projectsLimit: 7 } });
    const settings = await store.execute(`SELECT settings FROM workspaces WHERE id = 'ws'`);
    expect(JSON.parse(String(settings.rows[0]?.settings)).other).toBe(1);
    expect(await repo.workspaceIds()).toEqual(['ws']);
    expect(await repo.usageCounts('ws', 0)).toEqual({ today: 0, lifetime: 0, projects: 0 });
  });
});
