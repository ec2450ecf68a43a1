import type { Migration } from './migrations.js';

/**
 * Destination exports, in the exports domain's version range (800-899).
 * - export_destinations: saved destinations (config without secrets, secrets sealed) with their acknowledged cursor.
 * - export_receipts: one row per push (batch), never updated.
 */
export const EXPORTS_MIGRATIONS: readonly Migration[] = [
  {
    version: 800,
    name: 'export destinations and push receipts',
    statements: [
      `CREATE TABLE export_destinations (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        config TEXT NOT NULL,
        sealed_secrets TEXT,
        secret_fields TEXT NOT NULL,
        cursor INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE TABLE export_receipts (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        export_id TEXT NOT NULL,
        destination_id TEXT,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        request_id TEXT NOT NULL,
        response_status INTEGER,
        external_id TEXT,
        error TEXT,
        payload_hash TEXT NOT NULL,
        row_count INTEGER NOT NULL,
        cursor_from INTEGER NOT NULL,
        cursor_to INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE INDEX export_receipts_by_destination ON export_receipts (workspace_id, destination_id, id)`,
    ],
  },
];
