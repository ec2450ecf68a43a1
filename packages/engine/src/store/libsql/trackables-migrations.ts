import type { Migration } from './migrations.js';

/**
 * The trackables' tables, in the trackables domain's version range (100-199). Versioned, append-only.
 * - trackables: one row per (workspace, id); `scan_code` is unique on the server (the public `/t/{code}` path);
 *   gtin/lot/serial are copied from the metadata for GS1 Digital Link resolution.
 * - trackable_tokens: device ingest tokens, stored as sha256 hashes.
 * - trackable_salts: per workspace, the secret mixed into scanner ids (a hash of address and user agent).
 * - trackable_counters / trackable_actors: kept by the commit hook from every event naming a trackable.
 */
export const TRACKABLE_MIGRATIONS: readonly Migration[] = [
  {
    version: 100,
    name: 'trackables, device tokens, scanner salts, usage counters',
    statements: [
      `CREATE TABLE trackables (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        scan_code TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        event_name TEXT NOT NULL,
        target_url TEXT,
        metadata TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL,
        batch_id TEXT,
        code TEXT,
        gtin TEXT,
        lot TEXT,
        serial TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE INDEX trackables_by_batch ON trackables (workspace_id, batch_id, id) WHERE batch_id IS NOT NULL`,
      `CREATE INDEX trackables_by_gtin ON trackables (gtin, serial, lot) WHERE gtin IS NOT NULL`,
      `CREATE TABLE trackable_tokens (
        id TEXT PRIMARY KEY,
        workspace_id TEXT NOT NULL,
        trackable_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      )`,
      `CREATE INDEX trackable_tokens_by_trackable ON trackable_tokens (workspace_id, trackable_id)`,
      `CREATE TABLE trackable_salts (workspace_id TEXT PRIMARY KEY, salt TEXT NOT NULL)`,
      `CREATE TABLE trackable_counters (
        workspace_id TEXT NOT NULL,
        trackable_id TEXT NOT NULL,
        uses INTEGER NOT NULL,
        bots INTEGER NOT NULL,
        repeats INTEGER NOT NULL,
        anonymous INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, trackable_id)
      ) WITHOUT ROWID`,
      `CREATE TABLE trackable_actors (
        workspace_id TEXT NOT NULL,
        trackable_id TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        uses INTEGER NOT NULL,
        first_seen INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, trackable_id, actor_id)
      ) WITHOUT ROWID`,
    ],
  },
];
