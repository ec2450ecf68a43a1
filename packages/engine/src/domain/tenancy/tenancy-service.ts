import * as crypto from 'node:crypto';
import { ulid } from 'ulid';
import { EngineError, invalidInput, notFound, unauthenticated } from '../../errors/engine-error.js';
import type { Principal } from '../../context.js';
import type { Scope } from '../../tool/define-tool.js';
import { DEFAULT_BUSINESS_ID } from '../events/events-service.js';
import type { ApiKeyPage, TenancyRepo } from './tenancy-repo.js';

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

export class TenancyService {
  readonly #principals = new Map<string, { principal: Principal; expires: number }>();

  constructor(
    readonly repo: TenancyRepo,
    private readonly clock: () => number,
  ) {}

  async createWorkspace(name: string): Promise<{ workspace: Workspace; apiKey: string; key: ApiKeyInfo }> {
    const now = this.clock();
    const workspace: Workspace = { id: `ws_${ulid(now).toLowerCase()}`, name, createdAt: now, defaultBusinessId: DEFAULT_BUSINESS_ID };
    await this.repo.insertWorkspace(workspace);
    const { apiKey, key } = await this.createApiKey(workspace.id, { name: 'admin', scopes: ['admin'], environment: 'live' });
    return { workspace, apiKey, key };
  }

  async getWorkspace(workspaceId: string): Promise<Workspace> {
    const found = await this.repo.workspace(workspaceId);
    if (!found) throw notFound('workspace', workspaceId, 'the key belongs to a workspace that no longer exists');
    return { id: found.id, name: found.name, createdAt: found.createdAt, defaultBusinessId: DEFAULT_BUSINESS_ID };
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
    await this.repo.insertKey(key, hashKey(secret));
    return { apiKey: secret, key };
  }

  /** Oldest first; with `page`, at most `page.limit` of them after the key created at `after.t` with id `after.id`. */
  listApiKeys(workspaceId: string, page?: ApiKeyPage): Promise<ApiKeyInfo[]> {
    return this.repo.listKeys(workspaceId, page);
  }

  async revokeApiKey(workspaceId: string, keyId: string): Promise<ApiKeyInfo> {
    const now = this.clock();
    const key = await this.repo.revokeKey(workspaceId, keyId, now);
    if (!key) throw notFound('API key', keyId, 'list_api_keys lists them');
    for (const [hash, entry] of this.#principals) if (entry.principal.keyId === keyId) this.#principals.delete(hash);
    return key;
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
    const key = await this.repo.keyByHash(hash);
    if (!key) throw unauthenticated('Invalid API key.');
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
    const first = await this.repo.firstWorkspaceId();
    if (first !== undefined) {
      const workspace = await this.getWorkspace(first);
      if (options.apiKey) {
        const known = await this.repo.keyIdByHash(hashKey(options.apiKey));
        if (known === undefined) await this.createApiKey(workspace.id, { name: 'admin (HA_API_KEY)', scopes: ['admin'], environment: 'live', secret: options.apiKey });
      }
      return { workspace, apiKey: null, created: false };
    }
    const name = options.workspaceName ?? 'Default workspace';
    if (options.apiKey && !KEY_PATTERN.test(options.apiKey)) {
      throw new EngineError('INVALID_INPUT', 'HA_API_KEY must look like ha_live_… or ha_test_… with at least 16 characters after the prefix.');
    }
    const created = await this.createWorkspace(name);
    if (!options.apiKey) return { workspace: created.workspace, apiKey: created.apiKey, created: true };
    await this.repo.deleteKey(created.key.id);
    await this.createApiKey(created.workspace.id, { name: 'admin', scopes: ['admin'], environment: 'live', secret: options.apiKey });
    return { workspace: created.workspace, apiKey: options.apiKey, created: true };
  }
}
