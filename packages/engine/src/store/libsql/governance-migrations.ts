import type { Migration } from './migrations.js';

/**
 * Governance, in the governance domain's version range (600-699).
 * - governance_decisions / governance_grants / governance_contracts: one row per object, its body as JSON and a version.
 * - enforcement_receipts: one row per enforce call, hash-chained per workspace (seq, prev_hash, hash); append-only:
 *   triggers abort any UPDATE or DELETE.
 */
export const GOVERNANCE_MIGRATIONS: readonly Migration[] = [
  {
    version: 600,
    name: 'decision objects, authority grants, context contracts and append-only enforcement receipts',
    statements: [
      `CREATE TABLE governance_decisions (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE TABLE governance_grants (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE TABLE governance_contracts (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE TABLE enforcement_receipts (
        workspace_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        decision_id TEXT,
        grant_id TEXT,
        action TEXT NOT NULL,
        amount REAL,
        currency TEXT,
        outcome TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        body TEXT NOT NULL,
        prev_hash TEXT,
        hash TEXT NOT NULL,
        PRIMARY KEY (workspace_id, seq)
      ) WITHOUT ROWID`,
      'CREATE UNIQUE INDEX enforcement_receipts_id ON enforcement_receipts (workspace_id, id)',
      // Covers the running-total sum of a grant's allowed amounts in a period (read without touching the receipt bodies).
      'CREATE INDEX enforcement_receipts_grant ON enforcement_receipts (workspace_id, grant_id, outcome, currency, created_at, action, amount)',
      `CREATE TRIGGER enforcement_receipts_no_update BEFORE UPDATE ON enforcement_receipts
        BEGIN SELECT RAISE(ABORT, 'enforcement receipts are append-only'); END`,
      `CREATE TRIGGER enforcement_receipts_no_delete BEFORE DELETE ON enforcement_receipts
        BEGIN SELECT RAISE(ABORT, 'enforcement receipts are append-only'); END`,
    ],
  },
];
