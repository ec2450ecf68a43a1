import { forbidden, invalidInput, notFound } from '../../errors/engine-error.js';
import { libsqlProjects } from '../../store/libsql/projects.js';
import type { Store } from '../../store/store.js';
import type { ProjectFinder } from './projects-repo.js';

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

/**
 * Where projects are found: their repository, or (for callers that still hold only the store) the store, whose
 * projects' repository is used.
 */
export type ProjectSource = ProjectFinder | Store;

const finderOf = (source: ProjectSource): ProjectFinder => ('byIdOrName' in source ? source : libsqlProjects(source));

/** Finds a project of the workspace by id or name; NOT_FOUND otherwise (never another workspace's). */
export async function requireProject(projects: ProjectSource, workspaceId: string, project: string): Promise<ProjectRef> {
  const found = await finderOf(projects).byIdOrName(workspaceId, project);
  if (!found) throw notFound('project', project, 'list_projects lists them');
  return found;
}

/**
 * The project a call is about. A project-token principal is bound to its own project (a different
 * `project` is refused); an API key names it in `project` (id or name), which is then required.
 */
export async function resolveProject(
  projects: ProjectSource,
  principal: { workspaceId: string; projectId?: string | undefined },
  project: string | undefined,
): Promise<ProjectRef> {
  if (principal.projectId !== undefined) {
    const own = await requireProject(projects, principal.workspaceId, principal.projectId);
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
  return requireProject(projects, principal.workspaceId, project);
}
