import type { ProjectRef } from './project-lookup.js';

/** Finding one project of a workspace: all that resolving a call's `project` needs. */
export interface ProjectFinder {
  /** The workspace's project whose id or name is `project` (never another workspace's). */
  byIdOrName(workspaceId: string, project: string): Promise<ProjectRef | undefined>;
}

/** Oldest first; at most `limit` after the project created at `after.t` with id `after.id`. */
export interface ProjectPage {
  after?: { t: number; id: string } | undefined;
  limit: number;
}

/** The projects' storage; every read and write is scoped by workspace except the public token lookup. */
export interface ProjectsRepo extends ProjectFinder {
  count(workspaceId: string): Promise<number>;
  byName(workspaceId: string, name: string): Promise<ProjectRef | undefined>;
  /** The id of the workspace's project named `name`, if any. */
  idByName(workspaceId: string, name: string): Promise<string | undefined>;
  /** Server-wide, for the public project-token credential. */
  byToken(token: string): Promise<ProjectRef | undefined>;
  /** Without `page`, every project of the workspace. */
  list(workspaceId: string, page?: ProjectPage): Promise<ProjectRef[]>;
  /**
   * Stores the project and its business (same id and name, not the default) in one transaction; a taken name or id
   * fails it with CONFLICT.
   */
  insert(project: ProjectRef): Promise<void>;
  /** Writes the name and allowed origins, and the name of its business, in one transaction. */
  update(project: ProjectRef): Promise<void>;
  /** Events stored under the project's business id: those from the hour starting `todayFrom`, and all. */
  eventCounts(workspaceId: string, projectId: string, todayFrom: number): Promise<{ today: number; total: number }>;
  /**
   * Deletes, in one transaction, the project, its experiments and the data of other domains stored under its
   * business: every table keyed by (workspace_id, business_id) (events, rollups, sessions, whatever later migrations
   * add), every table keyed by the business's compact scope id, and the business itself unless it is the default.
   * The scope row stays, so that id is never handed to another business.
   */
  deleteWithData(workspaceId: string, projectId: string): Promise<void>;
}
