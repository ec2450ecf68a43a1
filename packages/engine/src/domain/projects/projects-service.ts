import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { conflict, EngineError, forbidden, unauthenticated } from '../../errors/engine-error.js';
import type { Store } from '../../store/store.js';
import { originAllowed } from './origins.js';
import { projectFromRow, requireProject, type ProjectRef } from './project-lookup.js';

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
  #tables: Promise<{ business: string[]; scoped: string[] }> | undefined;

  readonly #publicUrl: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    publicUrl?: string,
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

  async count(workspaceId: string): Promise<number> {
    const result = await this.store.execute('SELECT count(*) AS n FROM projects WHERE workspace_id = ?', [workspaceId]);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Same name again → the existing project (`existing: true`); past `projectsLimit` → FORBIDDEN. */
  async create(
    workspaceId: string,
    input: { name: string; allowedOrigins: string[] },
    projectsLimit: number,
  ): Promise<{ project: ProjectRef; existing: boolean }> {
    const found = await this.store.execute('SELECT * FROM projects WHERE workspace_id = ? AND name = ?', [workspaceId, input.name]);
    if (found.rows[0]) return { project: projectFromRow(found.rows[0] as unknown as Record<string, unknown>), existing: true };
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
      await this.store.batch([
        {
          sql: 'INSERT INTO projects (workspace_id, id, name, token, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          args: [workspaceId, project.id, project.name, project.token, JSON.stringify(project.allowedOrigins), now],
        },
        {
          sql: 'INSERT OR IGNORE INTO businesses (workspace_id, id, name, is_default, created_at) VALUES (?, ?, ?, 0, ?)',
          args: [workspaceId, project.id, project.name, now],
        },
      ]);
    } catch (error) {
      // A concurrent create of the same name won the race: answer like a repeated create.
      if (EngineError.isInstance(error) && error.code === 'CONFLICT') {
        return { project: await requireProject(this.store, workspaceId, input.name), existing: true };
      }
      throw error;
    }
    return { project, existing: false };
  }

  /** Oldest first; with `page`, at most `page.limit` of them after the project created at `after.t` with id `after.id`. */
  async list(workspaceId: string, page?: { after?: { t: number; id: string } | undefined; limit: number }): Promise<ProjectRef[]> {
    const after = page?.after ? ' AND (created_at > ? OR (created_at = ? AND id > ?))' : '';
    const args = page?.after ? [workspaceId, page.after.t, page.after.t, page.after.id] : [workspaceId];
    const result = await this.store.execute(
      `SELECT * FROM projects WHERE workspace_id = ?${after} ORDER BY created_at, id${page ? ' LIMIT ?' : ''}`,
      page ? [...args, page.limit] : args,
    );
    return result.rows.map((row) => projectFromRow(row as unknown as Record<string, unknown>));
  }

  get(workspaceId: string, project: string): Promise<ProjectRef> {
    return requireProject(this.store, workspaceId, project);
  }

  async usage(project: ProjectRef): Promise<ProjectUsage> {
    const startOfDay = Math.floor(this.clock() / DAY_MS) * DAY_MS;
    const result = await this.store.execute(
      `SELECT coalesce(sum(count), 0) AS total, coalesce(sum(CASE WHEN hour >= ? THEN count ELSE 0 END), 0) AS today
       FROM event_rollups WHERE workspace_id = ? AND business_id = ? AND field = ''`,
      [Math.floor(startOfDay / HOUR_MS) * HOUR_MS, project.workspaceId, project.id],
    );
    return { eventsToday: Number(result.rows[0]?.today ?? 0), eventsTotal: Number(result.rows[0]?.total ?? 0) };
  }

  async update(workspaceId: string, project: string, changes: { name?: string; allowedOrigins?: string[] }): Promise<ProjectRef> {
    const current = await requireProject(this.store, workspaceId, project);
    if (changes.name !== undefined && changes.name !== current.name) {
      const taken = await this.store.execute('SELECT id FROM projects WHERE workspace_id = ? AND name = ?', [workspaceId, changes.name]);
      const other = taken.rows[0];
      if (other) {
        throw conflict(`Another project is already named '${changes.name}' (id ${String(other.id)}); choose another name.`, {
          resource: 'project',
          name: changes.name,
          id: String(other.id),
        });
      }
    }
    const next: ProjectRef = {
      ...current,
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.allowedOrigins === undefined ? {} : { allowedOrigins: changes.allowedOrigins }),
    };
    await this.store.batch([
      {
        sql: 'UPDATE projects SET name = ?, allowed_origins = ? WHERE workspace_id = ? AND id = ?',
        args: [next.name, JSON.stringify(next.allowedOrigins), workspaceId, current.id],
      },
      { sql: 'UPDATE businesses SET name = ? WHERE workspace_id = ? AND id = ?', args: [next.name, workspaceId, current.id] },
    ]);
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
    const current = await requireProject(this.store, workspaceId, project);
    const scope = [workspaceId, current.id];
    const { business, scoped } = await this.#dataTables();
    const scopeId = 'SELECT id FROM aa_scopes WHERE workspace_id = ? AND business_id = ?';
    await this.store.batch([
      { sql: 'DELETE FROM experiments WHERE workspace_id = ? AND project_id = ?', args: scope },
      ...scoped.map((table) => ({ sql: `DELETE FROM "${table}" WHERE scope = (${scopeId})`, args: scope })),
      ...business.map((table) => ({ sql: `DELETE FROM "${table}" WHERE workspace_id = ? AND business_id = ?`, args: scope })),
      { sql: 'DELETE FROM businesses WHERE workspace_id = ? AND id = ? AND is_default = 0', args: scope },
      { sql: 'DELETE FROM projects WHERE workspace_id = ? AND id = ?', args: scope },
    ]);
    this.#tokens.delete(current.token);
    return current;
  }

  /** Tables keyed by (workspace_id, business_id), and by a scope id (the schema is fixed once migrations ran). */
  #dataTables(): Promise<{ business: string[]; scoped: string[] }> {
    this.#tables ??= (async () => {
      const tables = await this.store.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
      const found = { business: [] as string[], scoped: [] as string[] };
      for (const row of tables.rows) {
        const name = String(row.name);
        if (name === 'aa_scopes') continue;
        const columns = await this.store.execute('SELECT name FROM pragma_table_info(?)', [name]);
        const names = new Set(columns.rows.map((column) => String(column.name)));
        if (names.has('workspace_id') && names.has('business_id')) found.business.push(name);
        else if (names.has('scope')) found.scoped.push(name);
      }
      return found;
    })();
    return this.#tables;
  }

  /**
   * Resolves a project token (public, write-only) to its project, refusing a browser Origin that is not
   * in the project's `allowed_origins`. Cached for a few seconds; updates in this process apply at once.
   */
  async authenticateToken(token: string, origin: string | undefined): Promise<ProjectRef> {
    const now = this.clock();
    let project = this.#tokens.get(token);
    if (!project || project.expires <= now) {
      const result = await this.store.execute('SELECT * FROM projects WHERE token = ?', [token]);
      const row = result.rows[0];
      if (!row) throw unauthenticated('Invalid project token. Copy `project_token` from create_project or get_project.');
      project = { project: projectFromRow(row as unknown as Record<string, unknown>), expires: now + TOKEN_CACHE_MS };
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
