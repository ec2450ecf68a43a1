import * as crypto from 'node:crypto';
import { ulid } from 'ulid';
import { EngineError, invalidInput, notFound, unauthenticated } from '../../errors/engine-error.js';
import type { Principal } from '../../context.js';
import type { Scope } from '../../tool/define-tool.js';
import type { Store } from '../../store/store.js';
import { DEFAULT_BUSINESS_ID } from '../events/events-service.js';

export type KeyEnvironment = 'live' | 'test';

export interface ApiKeyInfo {
  id: string;
  workspaceId: string;
  name: string;
  prefix: string;
  scopes: Scope[];
  environment: KeyEnvironment;
  createdAt: number;
  revokedAt: number | null;
}

export interface Workspace {
  id: string;
  name: string;
  createdAt: number;
  defaultBusinessId: string;
}

const KEY_PATTERN = /^ha_(live|test)_[A-Za-z0-9_-]{16,128}$/;
const PRINCIPAL_CACHE_MS = 5_000;

/** sha256 hex of a key; the one-shot `crypto.hash` (Node 20.12+) allocates no Hash object on each request. */
const hashKey: (secret: string) => string =
  typeof crypto.hash === 'function'
    ? (secret) => crypto.hash('sha256', secret, 'hex')
    : (secret) => crypto.createHash('sha256').update(secret).digest('hex');

export function generateApiKey(environment: KeyEnvironment): string {
  return `ha_${environment}_${crypto.randomBytes(24).toString('base64url')}`;
}

function keyInfo(row: Record<string, unknown>): ApiKeyInfo {
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

export class TenancyService {
  readonly #principals = new Map<string, { principal: Principal; expires: number }>();

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
  ) {}

  async createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: string; key: ApiKeyInfo }> {
    const now = this.clock();
    const workspace: Workspace = { id: `ws_${ulid(now).toLowerCase()}`, name, createdAt: now, defaultBusinessId: DEFAULT_BUSINESS_ID };
    await this.store.batch([
      { sql: 'INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)', args: [workspace.id, name, now] },
      {
        sql: 'INSERT INTO businesses (workspace_id, id, name, is_default, created_at) VALUES (?, ?, ?, 1, ?)',
        args: [workspace.id, DEFAULT_BUSINESS_ID, name, now],
      },
    ]);
    const { apiKey, key } = await this.createApiKey(workspace.id, { name: 'admin', scopes: ['admin'], environment: 'live' });
    return { workspace, apiKey, key };
  }

  async getWorkspace(workspaceId: string): Promise<Workspace> {
    const result = await this.store.execute('SELECT id, name, created_at FROM workspaces WHERE id = ?', [workspaceId]);
    const row = result.rows[0];
    if (!row) throw notFound('workspace', workspaceId, 'the key belongs to a workspace that no longer exists');
    return { id: String(row.id), name: String(row.name), createdAt: Number(row.created_at), defaultBusinessId: DEFAULT_BUSINESS_ID };
  }

  async createApiKey(
    workspaceId: string,
    options: { name: string; scopes: Scope[]; environment: KeyEnvironment; secret?: string },
  ): Promise<{ apiKey: string; key: ApiKeyInfo }> {
    const secret = options.secret ?? generateApiKey(options.environment);
    if (!KEY_PATTERN.test(secret)) {
      throw invalidInput('API key must look like ha_live_… or ha_test_… with at least 16 characters after the prefix', [
        { path: 'apiKey', message: 'must match ha_(live|test)_ followed by 16-128 URL-safe characters' },
      ]);
    }
    const key: ApiKeyInfo = {
      id: `key_${ulid(this.clock()).toLowerCase()}`,
      workspaceId,
      name: options.name,
      prefix: secret.slice(0, 12),
      scopes: [...new Set(options.scopes)],
      environment: secret.startsWith('ha_test_') ? 'test' : 'live',
      createdAt: this.clock(),
      revokedAt: null,
    };
    await this.store.execute(
      'INSERT INTO api_keys (id, workspace_id, name, prefix, hash, scopes, environment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [key.id, workspaceId, key.name, key.prefix, hashKey(secret), JSON.stringify(key.scopes), key.environment, key.createdAt],
    );
    return { apiKey: secret, key };
  }

  /** Oldest first; with `page`, at most `page.limit` of them after the key created at `after.t` with id `after.id`. */
  async listApiKeys(workspaceId: string, page?: { after?: { t: number; id: string } | undefined; limit: number }): Promise<ApiKeyInfo[]> {
    const after = page?.after ? ' AND (created_at > ? OR (created_at = ? AND id > ?))' : '';
    const args = page?.after ? [workspaceId, page.after.t, page.after.t, page.after.id] : [workspaceId];
    const result = await this.store.execute(
      `SELECT * FROM api_keys WHERE workspace_id = ?${after} ORDER BY created_at, id${page ? ' LIMIT ?' : ''}`,
      page ? [...args, page.limit] : args,
    );
    return result.rows.map((row) => keyInfo(row as unknown as Record<string, unknown>));
  }

  async revokeApiKey(workspaceId: string, keyId: string): Promise<ApiKeyInfo> {
    const now = this.clock();
    const result = await this.store.execute(
      'UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE workspace_id = ? AND id = ? RETURNING *',
      [now, workspaceId, keyId],
    );
    const row = result.rows[0];
    if (!row) throw notFound('API key', keyId, 'list_api_keys lists them');
    for (const [hash, entry] of this.#principals) if (entry.principal.keyId === keyId) this.#principals.delete(hash);
    return keyInfo(row as unknown as Record<string, unknown>);
  }

  /** The principal of a secret from the cache, when it was resolved in the last few seconds. */
  cachedPrincipal(secret: string): Principal | undefined {
    return this.#cached(hashKey(secret));
  }

  #cached(hash: string): Principal | undefined {
    const cached = this.#principals.get(hash);
    return cached && cached.expires > this.clock() ? cached.principal : undefined;
  }

  /** Resolves a secret to its principal. Cached for a few seconds; revocation in this process is immediate. */
  async authenticate(secret: string | undefined): Promise<Principal> {
    if (!secret) throw unauthenticated('Missing API key. Send `Authorization: Bearer ha_live_…`.');
    const hash = hashKey(secret);
    const cached = this.#cached(hash);
    if (cached) return cached;
    const now = this.clock();
    const result = await this.store.execute('SELECT * FROM api_keys WHERE hash = ?', [hash]);
    const row = result.rows[0];
    if (!row) throw unauthenticated('Invalid API key.');
    const key = keyInfo(row as unknown as Record<string, unknown>);
    if (key.revokedAt !== null) throw unauthenticated('This API key has been revoked.');
    const principal: Principal = { workspaceId: key.workspaceId, keyId: key.id, scopes: key.scopes, kind: 'api_key' };
    this.#principals.set(hash, { principal, expires: now + PRINCIPAL_CACHE_MS });
    return principal;
  }

  /**
   * On a fresh database, creates the first workspace and its admin key (`apiKey` when given, else a
   * generated one, returned once). Later calls return the existing workspace and no key.
   */
  async bootstrap(options: { apiKey?: string; workspaceName?: string } = {}): Promise<{ workspace: Workspace; apiKey: string | null; created: boolean }> {
    const existing = await this.store.execute('SELECT id FROM workspaces ORDER BY created_at, id LIMIT 1');
    const first = existing.rows[0];
    if (first) {
      const workspace = await this.getWorkspace(String(first.id));
      if (options.apiKey) {
        const known = await this.store.execute('SELECT id FROM api_keys WHERE hash = ?', [hashKey(options.apiKey)]);
        if (!known.rows[0]) await this.createApiKey(workspace.id, { name: 'admin (HA_API_KEY)', scopes: ['admin'], environment: 'live', secret: options.apiKey });
      }
      return { workspace, apiKey: null, created: false };
    }
    const name = options.workspaceName ?? 'Default workspace';
    if (options.apiKey && !KEY_PATTERN.test(options.apiKey)) {
      throw new EngineError('INVALID_INPUT', 'HA_API_KEY must look like ha_live_… or ha_test_… with at least 16 characters after the prefix.');
    }
    const created = await this.createWorkspace(name);
    if (!options.apiKey) return { workspace: created.workspace, apiKey: created.apiKey, created: true };
    await this.store.execute('DELETE FROM api_keys WHERE id = ?', [created.key.id]);
    await this.createApiKey(created.workspace.id, { name: 'admin', scopes: ['admin'], environment: 'live', secret: options.apiKey });
    return { workspace: created.workspace, apiKey: options.apiKey, created: true };
  }
}
