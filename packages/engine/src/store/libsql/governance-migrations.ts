import type { Migration } from './migrations.js';

/**
 * Governance, in the governance domain's version range (600-699).
 * - governance_decisions / governance_grants / governance_contracts: one row per object, its body as JSON and a version.
 * - enforcement_receipts: one row per enforce call, hash-chained per workspace (seq, prev_hash, hash); append-only:
 *   triggers abort any UPDATE or DELETE.
 * - governance_cap_totals: the running total of a grant's allowed amounts per period cap (period, its UTC start and
 *   the cap's action glob), updated in the receipt's write transaction, so a cap check reads one row.
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
  {
    version: 601,
    name: 'running totals of period caps',
    statements: [
      `CREATE TABLE governance_cap_totals (
        workspace_id TEXT NOT NULL,
        grant_id TEXT NOT NULL,
        period TEXT NOT NULL,
        period_start INTEGER NOT NULL,
        actions_glob TEXT NOT NULL,
        total REAL NOT NULL,
        PRIMARY KEY (workspace_id, grant_id, period, period_start, actions_glob)
      ) WITHOUT ROWID`,
      // The totals of the receipts written before this table: every allowed amount of a grant, per period cap.
      `INSERT INTO governance_cap_totals (workspace_id, grant_id, period, period_start, actions_glob, total)
        SELECT r.workspace_id, r.grant_id, json_extract(c.value, '$.period'),
          CASE json_extract(c.value, '$.period')
            WHEN 'day' THEN (r.created_at / 86400000) * 86400000
            WHEN 'week' THEN (r.created_at / 86400000) * 86400000 - ((CAST(strftime('%w', r.created_at / 1000, 'unixepoch') AS INTEGER) + 6) % 7) * 86400000
            ELSE CAST(strftime('%s', r.created_at / 1000, 'unixepoch', 'start of month') AS INTEGER) * 1000
          END,
          coalesce(json_extract(c.value, '$.actions'), '*'), sum(r.amount)
        FROM enforcement_receipts r
        JOIN governance_grants g ON g.workspace_id = r.workspace_id AND g.id = r.grant_id, json_each(g.body, '$.caps') c
        WHERE r.outcome = 'allow' AND r.amount IS NOT NULL AND json_extract(c.value, '$.period') <> 'call'
          AND (r.currency IS NULL OR r.currency = json_extract(g.body, '$.currency'))
          AND r.action GLOB coalesce(json_extract(c.value, '$.actions'), '*')
        GROUP BY 1, 2, 3, 4, 5`,
      // Cap checks read the totals table now; one index less to write per receipt.
      'DROP INDEX enforcement_receipts_grant',
    ],
  },
];
