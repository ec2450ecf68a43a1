import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { conflict, EngineError, forbidden, unauthenticated } from '../../errors/engine-error.js';
import { originAllowed } from './origins.js';
import { requireProject, type ProjectRef } from './project-lookup.js';
import type { ProjectPage, ProjectsRepo } from './projects-repo.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const TOKEN_CACHE_MS = 5_000;

export interface ProjectUsage {
  /** Events stored for the project since 00:00 UTC. */
  eventsToday: number;
  eventsTotal: number;
}

/** Projects of a workspace: create/list/get/update/delete and the public project-token lookup. */
/** The server `npm start` runs, for snippets made where no public or request URL is known (CLI, MCP over stdio). */
const DEFAULT_LOCAL_URL = 'http://localhost:8787';

export class ProjectsService {
  /** Monotonic ULIDs: ids sort in creation order even within one millisecond. */
  readonly #nextId = monotonicFactory();
  readonly #tokens = new Map<string, { project: ProjectRef; expires: number }>();

  readonly #publicUrl: string | undefined;

  constructor(
    readonly repo: ProjectsRepo,
    private readonly clock: () => number,
    publicUrl?: string,
    /** Called after a project's data is deleted, so in-memory indexes of the workspace drop what they hold. */
    private readonly onDataDeleted: (workspaceId: string) => void = () => {},
  ) {
    this.#publicUrl = publicUrl?.replace(/\/+$/, '');
  }

  /**
   * Where tracker.js is served, as an absolute URL a snippet pasted into any site can load: the configured public URL
   * (`HA_PUBLIC_URL`), else the base URL the caller reached this server at (REST: the request's host), else the
   * default local server.
   */
  trackerUrl(requestBaseUrl: string | undefined): string {
    return `${this.#publicUrl ?? requestBaseUrl?.replace(/\/+$/, '') ?? DEFAULT_LOCAL_URL}/tracker.js`;
  }

  count(workspaceId: string): Promise<number> {
    return this.repo.count(workspaceId);
  }

  /** Same name again → the existing project (`existing: true`); past `projectsLimit` → FORBIDDEN. */
  async create(
    workspaceId: string,
    input: { name: string; allowedOrigins: string[] },
    projectsLimit: number,
  ): Promise<{ project: ProjectRef; existing: boolean }> {
    const found = await this.repo.byName(workspaceId, input.name);
    if (found) return { project: found, existing: true };
    const count = await this.count(workspaceId);
    if (count >= projectsLimit) {
      throw forbidden(
        `Project limit reached: this account has ${count} of ${projectsLimit} projects. Delete a project or raise ` +
          '`projects_limit` (update_account) before creating another.',
      );
    }
    const now = this.clock();
    const project: ProjectRef = {
      workspaceId,
      id: `proj_${this.#nextId(now).toLowerCase()}`,
      name: input.name,
      token: `ha_pt_${randomBytes(18).toString('base64url')}`,
      allowedOrigins: input.allowedOrigins,
      createdAt: now,
    };
    try {
      await this.repo.insert(project);
    } catch (error) {
      // A concurrent create of the same name won the race: answer like a repeated create.
      if (EngineError.isInstance(error) && error.code === 'CONFLICT') {
        return { project: await requireProject(this.repo, workspaceId, input.name), existing: true };
      }
      throw error;
    }
    return { project, existing: false };
  }

  /** Oldest first; with `page`, at most `page.limit` of them after the project created at `after.t` with id `after.id`. */
  list(workspaceId: string, page?: ProjectPage): Promise<ProjectRef[]> {
    return this.repo.list(workspaceId, page);
  }

  get(workspaceId: string, project: string): Promise<ProjectRef> {
    return requireProject(this.repo, workspaceId, project);
  }

  async usage(project: ProjectRef): Promise<ProjectUsage> {
    const startOfDay = Math.floor(this.clock() / DAY_MS) * DAY_MS;
    const counts = await this.repo.eventCounts(project.workspaceId, project.id, Math.floor(startOfDay / HOUR_MS) * HOUR_MS);
    return { eventsToday: counts.today, eventsTotal: counts.total };
  }

  async update(workspaceId: string, project: string, changes: { name?: string; allowedOrigins?: string[] }): Promise<ProjectRef> {
    const current = await requireProject(this.repo, workspaceId, project);
    if (changes.name !== undefined && changes.name !== current.name) {
      const other = await this.repo.idByName(workspaceId, changes.name);
      if (other !== undefined) {
        throw conflict(`Another project is already named '${changes.name}' (id ${other}); choose another name.`, {
          resource: 'project',
          name: changes.name,
          id: other,
        });
      }
    }
    const next: ProjectRef = {
      ...current,
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.allowedOrigins === undefined ? {} : { allowedOrigins: changes.allowedOrigins }),
    };
    await this.repo.update(next);
    this.#tokens.delete(current.token);
    return next;
  }

  /**
   * Deletes the project, its experiments and everything stored under its business id: events and every
   * table keyed by (workspace_id, business_id) — rollups, sessions, whatever later migrations add — and
   * every table keyed by the business's compact `scope` id. The `aa_scopes` row itself stays, so that
   * id is never handed to another business.
   */
  async delete(workspaceId: string, project: string): Promise<ProjectRef> {
    const current = await requireProject(this.repo, workspaceId, project);
    await this.repo.deleteWithData(workspaceId, current.id);
    this.#tokens.delete(current.token);
    this.onDataDeleted(workspaceId);
    return current;
  }

  /**
   * Resolves a project token (public, write-only) to its project, refusing a browser Origin that is not
   * in the project's `allowed_origins`. Cached for a few seconds; updates in this process apply at once.
   */
  async authenticateToken(token: string, origin: string | undefined): Promise<ProjectRef> {
    const now = this.clock();
    let project = this.#tokens.get(token);
    if (!project || project.expires <= now) {
      const found = await this.repo.byToken(token);
      if (!found) throw unauthenticated('Invalid project token. Copy `project_token` from create_project or get_project.');
      project = { project: found, expires: now + TOKEN_CACHE_MS };
      this.#tokens.set(token, project);
    }
    if (!originAllowed(project.project.allowedOrigins, origin)) {
      throw forbidden(
        `Origin ${origin} is not in allowed_origins of project '${project.project.name}'. Add it with update_project ` +
          '(PATCH /projects/{id}).',
      );
    }
    return project.project;
  }
}
