import type { Migration } from './migrations.js';

/**
 * Proof trails, in the proofs domain's version range (700-799).
 * - proof_trails: one row per packet (never updated), its summary columns and the packet JSON as built, and the
 *   SovereignProof push receipt when one was asked for.
 * - events_by_id: finds the events a packet names by id.
 */
export const PROOFS_MIGRATIONS: readonly Migration[] = [
  {
    version: 700,
    name: 'proof trail packets',
    statements: [
      `CREATE TABLE proof_trails (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        title TEXT NOT NULL,
        root_hash TEXT NOT NULL,
        item_count INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        packet TEXT NOT NULL,
        push TEXT,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      'CREATE INDEX proof_trails_by_time ON proof_trails (workspace_id, created_at DESC, id DESC)',
    ],
  },
  {
    version: 701,
    name: 'events by id, for the events a packet names',
    // One id index (ids are unique random strings; the workspace is checked on the row) rather than a full scan per id.
    statements: ['CREATE INDEX IF NOT EXISTS events_by_id ON events (id)'],
  },
];
