import type { Migration } from './migrations.js';

/**
 * Tracking plans, in the plans domain's version range (200-299). Versioned, append-only.
 * - tracking_plans: one row per plan, with its current version.
 * - tracking_plan_versions: every version's body (enforcement, allowUnplannedEvents, events as JSON), never updated.
 */
export const PLANS_MIGRATIONS: readonly Migration[] = [
  {
    version: 200,
    name: 'tracking plans and their immutable versions',
    statements: [
      `CREATE TABLE tracking_plans (
        workspace_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        vertical TEXT,
        business_id TEXT,
        current_version INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, id)
      ) WITHOUT ROWID`,
      `CREATE TABLE tracking_plan_versions (
        workspace_id TEXT NOT NULL,
        plan_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, plan_id, version)
      ) WITHOUT ROWID`,
    ],
  },
];
