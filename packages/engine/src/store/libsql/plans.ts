import type { Row } from '@libsql/client';
import type { Plan, PlanBody, PlanVersion } from '../../domain/plans/plan.js';
import type { PlansRepo } from '../../domain/plans/plans-repo.js';
import type { Store } from '../store.js';

const PLAN_COLUMNS = 'id, name, vertical, business_id, current_version, created_at, updated_at';

function planOf(row: Row): Plan {
  return {
    id: String(row.id),
    name: String(row.name),
    vertical: row.vertical === null ? null : String(row.vertical),
    businessId: row.business_id === null ? null : String(row.business_id),
    currentVersion: Number(row.current_version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function versionOf(row: Row): PlanVersion {
  const body = JSON.parse(String(row.body)) as PlanBody;
  return { ...body, version: Number(row.version), createdAt: Number(row.created_at) };
}

const bodyJson = (body: PlanBody): string =>
  JSON.stringify({ enforcement: body.enforcement, allowUnplannedEvents: body.allowUnplannedEvents, events: body.events });

export function libsqlPlansRepo(store: Store): PlansRepo {
  return {
    async create(workspaceId, plan, body) {
      const [inserted] = await store.batch(
        [
          {
            sql: `INSERT INTO tracking_plans (workspace_id, ${PLAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT DO NOTHING`,
            args: [workspaceId, plan.id, plan.name, plan.vertical, plan.businessId, plan.createdAt, plan.updatedAt],
          },
          {
            sql: `INSERT INTO tracking_plan_versions (workspace_id, plan_id, version, body, created_at)
                  SELECT ?, ?, 1, ?, ? WHERE changes() = 1`,
            args: [workspaceId, plan.id, bodyJson(body), plan.createdAt],
          },
        ],
        'write',
      );
      return inserted!.rowsAffected === 1;
    },
    async get(workspaceId, id) {
      const found = await store.execute(`SELECT ${PLAN_COLUMNS} FROM tracking_plans WHERE workspace_id = ? AND id = ?`, [workspaceId, id]);
      return found.rows[0] ? planOf(found.rows[0]) : undefined;
    },
    async version(workspaceId, id, version) {
      const found = await store.execute(
        'SELECT version, body, created_at FROM tracking_plan_versions WHERE workspace_id = ? AND plan_id = ? AND version = ?',
        [workspaceId, id, version],
      );
      return found.rows[0] ? versionOf(found.rows[0]) : undefined;
    },
    async list(workspaceId, query) {
      const found = await store.execute(
        `SELECT ${PLAN_COLUMNS} FROM tracking_plans WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?`,
        [workspaceId, query.after ?? '', query.limit],
      );
      return found.rows.map(planOf);
    },
    async addVersion(workspaceId, id, version, body, at) {
      const [updated] = await store.batch(
        [
          {
            sql: 'UPDATE tracking_plans SET current_version = ?, updated_at = ? WHERE workspace_id = ? AND id = ? AND current_version = ?',
            args: [version, at, workspaceId, id, version - 1],
          },
          {
            sql: `INSERT INTO tracking_plan_versions (workspace_id, plan_id, version, body, created_at) SELECT ?, ?, ?, ?, ? WHERE changes() = 1`,
            args: [workspaceId, id, version, bodyJson(body), at],
          },
        ],
        'write',
      );
      return updated!.rowsAffected === 1;
    },
    async active(workspaceId) {
      const found = await store.execute(
        `SELECT p.id, p.name, p.vertical, p.business_id, p.current_version, p.created_at, p.updated_at, v.version, v.body, v.created_at AS version_created_at
         FROM tracking_plans p JOIN tracking_plan_versions v
           ON v.workspace_id = p.workspace_id AND v.plan_id = p.id AND v.version = p.current_version
         WHERE p.workspace_id = ? ORDER BY p.id`,
        [workspaceId],
      );
      return found.rows
        .map((row) => ({ plan: planOf(row), version: versionOf({ ...row, created_at: row.version_created_at } as unknown as Row) }))
        .filter((entry) => entry.version.enforcement !== 'off');
    },
  };
}
