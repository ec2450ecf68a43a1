import type { Migration } from './migrations.js';

/**
 * The metric definitions' tables, in the definitions domain's version range (300-399). Versioned, append-only.
 * - metric_definitions: every version of every definition, never updated (a change is a new row); `rule` holds the
 *   kind's fields as JSON (event names, business, filters, summed property, ratio parts pinned with their rules,
 *   unit, currency).
 * - metric_snapshots (the core's table, shared with save_metrics_snapshot): a definition's snapshot sets `source`
 *   'definition' and, for a stored definition, its id and version; rows of save_metrics_snapshot leave them null.
 */
export const DEFINITION_MIGRATIONS: readonly Migration[] = [
  {
    version: 300,
    name: 'metric definitions (versioned) and definition snapshots',
    statements: [
      `CREATE TABLE metric_definitions (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        version INTEGER NOT NULL,
        name TEXT NOT NULL,
        description TEXT,
        kind TEXT NOT NULL,
        rule TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        created_by TEXT,
        PRIMARY KEY (workspace_id, id, version)
      ) WITHOUT ROWID`,
      `ALTER TABLE metric_snapshots ADD COLUMN source TEXT`,
      `ALTER TABLE metric_snapshots ADD COLUMN metric_id TEXT`,
      `ALTER TABLE metric_snapshots ADD COLUMN metric_version INTEGER`,
      `CREATE INDEX metric_snapshots_by_metric ON metric_snapshots (workspace_id, metric_id, created_at) WHERE metric_id IS NOT NULL`,
    ],
  },
];
