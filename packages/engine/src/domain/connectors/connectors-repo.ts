/** A provider's connection of a workspace (and business): what its webhook route verifies with. */
export interface ConnectorConfig {
  workspaceId: string;
  id: string;
  provider: string;
  name: string;
  businessId: string | null;
  scheme: string;
  /** The webhook secret (or Discord public key), sealed; null when referenced by env name or absent. */
  sealedSecret: string | null;
  secretEnv: string | null;
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface SyncFailure {
  index: number;
  recordId: string | null;
  reason: string;
}

/** One delivery: an ingest call or a webhook, with what became of its records. */
export interface SyncRecord {
  id: string;
  provider: string;
  via: 'ingest' | 'webhook';
  connectorId: string | null;
  businessId: string | null;
  deliveryId: string | null;
  status: 'received' | 'completed' | 'partial' | 'failed';
  received: number;
  mapped: number;
  stored: number;
  updated: number;
  duplicates: number;
  failed: number;
  failures: SyncFailure[];
  createdAt: number;
  finishedAt: number | null;
}

export interface RecordKey {
  recordType: string;
  recordId: string;
}

/** Storage of the connectors domain (configs, record versions, sync records); SQL per backend. */
export interface ConnectorsRepo {
  /** False when the id is taken. */
  createConfig(config: ConnectorConfig): Promise<boolean>;
  getConfig(workspaceId: string, id: string): Promise<ConnectorConfig | undefined>;
  /** Server-wide, for the public webhook route (the URL names the config alone). */
  findConfig(id: string): Promise<ConnectorConfig | undefined>;
  listConfigs(workspaceId: string, query: { provider?: string | undefined; after: string; limit: number }): Promise<ConnectorConfig[]>;
  updateConfig(config: ConnectorConfig): Promise<boolean>;
  deleteConfig(workspaceId: string, id: string): Promise<boolean>;
  /** The stored version of each key (`<type>\u0000<id>`) that is known. */
  versions(workspaceId: string, businessId: string, provider: string, keys: readonly RecordKey[]): Promise<Map<string, string>>;
  /** The highest sync number of a workspace's provider (0 before its first delivery). */
  lastSeq(workspaceId: string, provider: string): Promise<number>;
  /** Whether a sync of that connector with that delivery id exists (a replayed webhook). */
  deliveryExists(workspaceId: string, connectorId: string, deliveryId: string): Promise<boolean>;
  /**
   * Stores a finished sync (numbered `seq`) and, in the same commit, the record versions it stored. A sync whose
   * delivery id a concurrent delivery stored first is not stored again (its events were deduplicated by messageId).
   */
  saveSync(workspaceId: string, sync: SyncRecord, seq: number, versions?: { businessId: string; rows: ReadonlyArray<RecordKey & { version: string }>; at: number }): Promise<void>;
  getSync(workspaceId: string, id: string): Promise<SyncRecord | undefined>;
  /** Newest first; `before` is the keyset (createdAt, id) of the last sync read. */
  listSyncs(workspaceId: string, query: { provider?: string | undefined; connectorId?: string | undefined; before?: { t: number; id: string } | undefined; limit: number }): Promise<SyncRecord[]>;
}

export const recordKey = (key: RecordKey): string => `${key.recordType}\u0000${key.recordId}`;
