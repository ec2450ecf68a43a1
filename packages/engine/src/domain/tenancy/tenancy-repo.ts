import type { ApiKeyInfo, Workspace } from './tenancy-service.js';

/** Oldest first; at most `limit` after the key created at `after.t` with id `after.id`. */
export interface ApiKeyPage {
  after?: { t: number; id: string } | undefined;
  limit: number;
}

/** The workspaces and their API keys (stored by the sha256 of the secret, never the secret). */
export interface TenancyRepo {
  /** Stores the workspace and its default business (`defaultBusinessId`, named like it) in one transaction. */
  insertWorkspace(workspace: Workspace): Promise<void>;
  workspace(id: string): Promise<Omit<Workspace, 'defaultBusinessId'> | undefined>;
  /** The id of the oldest workspace, if there is one. */
  firstWorkspaceId(): Promise<string | undefined>;
  insertKey(key: ApiKeyInfo, hash: string): Promise<void>;
  /** Without `page`, every key of the workspace. */
  listKeys(workspaceId: string, page?: ApiKeyPage): Promise<ApiKeyInfo[]>;
  /** Marks the key revoked at `at` unless it already was; the key as it is now, or undefined when there is none. */
  revokeKey(workspaceId: string, keyId: string, at: number): Promise<ApiKeyInfo | undefined>;
  keyByHash(hash: string): Promise<ApiKeyInfo | undefined>;
  /** The id of the key with this hash, if any (no other column read). */
  keyIdByHash(hash: string): Promise<string | undefined>;
  deleteKey(id: string): Promise<void>;
}
