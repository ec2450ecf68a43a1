import type { Migration } from './migrations.js';

/**
 * Signing keys, in the signing domain's version range (500-599). Versioned, append-only.
 * - signing_master_key: one row, the sealing master key used when the operator sets no HA_SECRET_KEY.
 * - workspace_signing_keys: each workspace's Ed25519 key, the private half sealed (AES-256-GCM, bound to the workspace).
 */
export const SIGNING_MIGRATIONS: readonly Migration[] = [
  {
    version: 500,
    name: 'workspace signing keys and the sealing master key',
    statements: [
      `CREATE TABLE signing_master_key (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        key TEXT NOT NULL,
        created_at INTEGER NOT NULL
      )`,
      `CREATE TABLE workspace_signing_keys (
        workspace_id TEXT PRIMARY KEY,
        key_id TEXT NOT NULL,
        public_key_pem TEXT NOT NULL,
        private_key_sealed TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) WITHOUT ROWID`,
    ],
  },
];
