import type { ApiKeyPage, TenancyRepo } from '../../domain/tenancy/tenancy-repo.js';
import type { ApiKeyInfo, KeyEnvironment, Workspace } from '../../domain/tenancy/tenancy-service.js';
import type { Scope } from '../../tool/define-tool.js';
import type { Store } from '../store.js';

export function keyFromRow(row: Record<string, unknown>): ApiKeyInfo {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    name: String(row.name),
    prefix: String(row.prefix),
    scopes: JSON.parse(String(row.scopes)) as Scope[],
    environment: String(row.environment) as KeyEnvironment,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

const keyOf = (row: unknown): ApiKeyInfo => keyFromRow(row as Record<string, unknown>);

/** Workspaces and API keys on libSQL. */
export class LibsqlTenancyRepo implements TenancyRepo {
  constructor(private readonly store: Store) {}

  async insertWorkspace(workspace: Workspace): Promise<void> {
    await this.store.batch([
      { sql: 'INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)', args: [workspace.id, workspace.name, workspace.createdAt] },
      {
        sql: 'INSERT INTO businesses (workspace_id, id, name, is_default, created_at) VALUES (?, ?, ?, 1, ?)',
        args: [workspace.id, workspace.defaultBusinessId, workspace.name, workspace.createdAt],
      },
    ]);
  }

  async workspace(id: string): Promise<Omit<Workspace, 'defaultBusinessId'> | undefined> {
    const result = await this.store.execute('SELECT id, name, created_at FROM workspaces WHERE id = ?', [id]);
    const row = result.rows[0];
    return row ? { id: String(row.id), name: String(row.name), createdAt: Number(row.created_at) } : undefined;
  }

  async firstWorkspaceId(): Promise<string | undefined> {
    const existing = await this.store.execute('SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1');
    const first = existing.rows[0];
    return first ? String(first.id) : undefined;
  }

  async insertKey(key: ApiKeyInfo, hash: string): Promise<void> {
    await this.store.execute(
      'INSERT INTO api_keys (id, workspace_id, name, prefix, hash, scopes, environment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [key.id, key.workspaceId, key.name, key.prefix, hash, JSON.stringify(key.scopes), key.environment, key.createdAt],
    );
  }

  async listKeys(workspaceId: string, page?: ApiKeyPage): Promise<ApiKeyInfo[]> {
    const after = page?.after ? ' AND (created_at > ? OR (created_at = ? AND id > ?))' : '';
    const args = page?.after ? [workspaceId, page.after.t, page.after.t, page.after.id] : [workspaceId];
    const result = await this.store.execute(
      `SELECT * FROM api_keys WHERE workspace_id = ?${after} ORDER BY created_at, id${page ? ' LIMIT ?' : ''}`,
      page ? [...args, page.limit] : args,
    );
    return result.rows.map(keyOf);
  }

  async revokeKey(workspaceId: string, keyId: string, at: number): Promise<ApiKeyInfo | undefined> {
    const result = await this.store.execute(
      'UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE workspace_id = ? AND id = ? RETURNING *',
      [at, workspaceId, keyId],
    );
    const row = result.rows[0];
    return row ? keyOf(row) : undefined;
  }

  async keyByHash(hash: string): Promise<ApiKeyInfo | undefined> {
    const result = await this.store.execute('SELECT * FROM api_keys WHERE hash = ?', [hash]);
    const row = result.rows[0];
    return row ? keyOf(row) : undefined;
  }

  async keyIdByHash(hash: string): Promise<string | undefined> {
    const known = await this.store.execute('SELECT id FROM api_keys WHERE hash = ?', [hash]);
    const row = known.rows[0];
    return row ? String(row.id) : undefined;
  }

  async deleteKey(id: string): Promise<void> {
    await this.store.execute('DELETE FROM api_keys WHERE id = ?', [id]);
  }
}
