import type { Migration } from './migrations.js';

/**
 * Enterprise connectors, in the connectors domain's version range (900-949).
 * - connector_configs: a provider's connection per workspace and business; the webhook secret sealed (or the name of
 *   the environment variable holding it). Ids are unique server-wide: a webhook URL names its config alone.
 * - connector_records: the latest version seen of each provider record, so a re-sent version is a duplicate and a
 *   newer one an update.
 * - connector_syncs: one row per delivery (an ingest call or a webhook), with its counts and the first failures; a
 *   webhook's delivery id is unique per config (replays are refused). Ids are sync_<provider>_<n>, n counting that
 *   provider's deliveries from 1.
 */
export const CONNECTORS_MIGRATIONS: readonly Migration[] = [
  {
    version: 900,
    name: 'connector configs, record versions and sync records',
    statements: [
      `CREATE TABLE connector_configs (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        provider TEXT NOT NULL,
        name TEXT NOT NULL,
        business_id TEXT,
        scheme TEXT NOT NULL,
        sealed_secret TEXT,
        secret_env TEXT,
        settings TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE UNIQUE INDEX connector_configs_by_id ON connector_configs (id)`,
      `CREATE TABLE connector_records (
        workspace_id TEXT NOT NULL,
        business_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        record_type TEXT NOT NULL,
        record_id TEXT NOT NULL,
        version TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, business_id, provider, record_type, record_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE connector_syncs (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        provider TEXT NOT NULL,
        seq INTEGER NOT NULL,
        via TEXT NOT NULL,
        connector_id TEXT,
        business_id TEXT,
        delivery_id TEXT,
        status TEXT NOT NULL,
        received INTEGER NOT NULL,
        mapped INTEGER NOT NULL,
        stored INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        failures TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE UNIQUE INDEX connector_syncs_by_delivery ON connector_syncs (workspace_id, connector_id, delivery_id) WHERE delivery_id IS NOT NULL`,
      `CREATE INDEX connector_syncs_by_time ON connector_syncs (workspace_id, created_at, id)`,
      `CREATE INDEX connector_syncs_by_provider ON connector_syncs (workspace_id, provider, created_at, id)`,
      `CREATE UNIQUE INDEX connector_syncs_by_seq ON connector_syncs (workspace_id, provider, seq)`,
    ],
  },
];
