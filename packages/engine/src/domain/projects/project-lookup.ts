import { forbidden, invalidInput, notFound } from '../../errors/engine-error.js';
import type { Store } from '../../store/store.js';

/**
 * A project (the Agent Analytics API's unit) is a business of the workspace: its events are stored with
 * `business_id = project.id`, so every HeadlessAnalytics tool can read them with `businessId`.
 */
export interface ProjectRef {
  workspaceId: string;
  id: string;
  name: string;
  token: string;
  allowedOrigins: string[];
  createdAt: number;
}

export function projectFromRow(row: Record<string, unknown>): ProjectRef {
  return {
    workspaceId: String(row.workspace_id),
    id: String(row.id),
    name: String(row.name),
    token: String(row.token),
    allowedOrigins: JSON.parse(String(row.allowed_origins)) as string[],
    createdAt: Number(row.created_at),
  };
}

/** Finds a project of the workspace by id or name; NOT_FOUND otherwise (never another workspace's). */
export async function requireProject(store: Store, workspaceId: string, project: string): Promise<ProjectRef> {
  const result = await store.execute('SELECT * FROM projects WHERE workspace_id = ? AND (id = ? OR name = ?) LIMIT 1', [
    workspaceId, project, project,
  ]);
  const row = result.rows[0];
  if (!row) throw notFound('project', project, 'list_projects lists them');
  return projectFromRow(row as unknown as Record<string, unknown>);
}

/**
 * The project a call is about. A project-token principal is bound to its own project (a different
 * `project` is refused); an API key names it in `project` (id or name), which is then required.
 */
export async function resolveProject(
  store: Store,
  principal: { workspaceId: string; projectId?: string | undefined },
  project: string | undefined,
): Promise<ProjectRef> {
  if (principal.projectId !== undefined) {
    const own = await requireProject(store, principal.workspaceId, principal.projectId);
    if (project !== undefined && project !== own.id && project !== own.name) {
      throw forbidden(`This project token belongs to project '${own.name}', not '${project}'; leave \`project\` out, or use an API key for another project.`);
    }
    return own;
  }
  if (project === undefined || project === '') {
    throw invalidInput('`project` is required: the project id or name (see list_projects).', [
      { path: 'project', message: 'is required (project id or name)' },
    ]);
  }
  return requireProject(store, principal.workspaceId, project);
}
