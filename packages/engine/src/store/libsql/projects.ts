import type { ProjectRef } from '../../domain/projects/project-lookup.js';
import type { ProjectPage, ProjectsRepo } from '../../domain/projects/projects-repo.js';
import type { Store } from '../store.js';

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

const projectOf = (row: unknown): ProjectRef => projectFromRow(row as Record<string, unknown>);

/** The projects on libSQL (the `projects` table and the business each one is). */
export class LibsqlProjectsRepo implements ProjectsRepo {
  #tables: Promise<{ business: string[]; scoped: string[] }> | undefined;

  constructor(private readonly store: Store) {}

  async byIdOrName(workspaceId: string, project: string): Promise<ProjectRef | undefined> {
    const result = await this.store.execute('SELECT * FROM projects WHERE workspace_id = ? AND (id = ? OR name = ?) LIMIT 1', [
      workspaceId, project, project,
    ]);
    const row = result.rows[0];
    return row ? projectOf(row) : undefined;
  }

  async count(workspaceId: string): Promise<number> {
    const result = await this.store.execute('SELECT count(*) AS n FROM projects WHERE workspace_id = ?', [workspaceId]);
    return Number(result.rows[0]?.n ?? 0);
  }

  async byName(workspaceId: string, name: string): Promise<ProjectRef | undefined> {
    const found = await this.store.execute('SELECT * FROM projects WHERE workspace_id = ? AND name = ?', [workspaceId, name]);
    const row = found.rows[0];
    return row ? projectOf(row) : undefined;
  }

  async idByName(workspaceId: string, name: string): Promise<string | undefined> {
    const taken = await this.store.execute('SELECT id FROM projects WHERE workspace_id = ? AND name = ?', [workspaceId, name]);
    const row = taken.rows[0];
    return row ? String(row.id) : undefined;
  }

  async byToken(token: string): Promise<ProjectRef | undefined> {
    const result = await this.store.execute('SELECT * FROM projects WHERE token = ?', [token]);
    const row = result.rows[0];
    return row ? projectOf(row) : undefined;
  }

  async list(workspaceId: string, page?: ProjectPage): Promise<ProjectRef[]> {
    const after = page?.after ? ' AND (created_at > ? OR (created_at = ? AND id > ?))' : '';
    const args = page?.after ? [workspaceId, page.after.t, page.after.t, page.after.id] : [workspaceId];
    const result = await this.store.execute(
      `SELECT * FROM projects WHERE workspace_id = ?${after} ORDER BY created_at, id${page ? ' LIMIT ?' : ''}`,
      page ? [...args, page.limit] : args,
    );
    return result.rows.map(projectOf);
  }

  async insert(project: ProjectRef): Promise<void> {
    await this.store.batch([
      {
        sql: 'INSERT INTO projects (workspace_id, id, name, token, allowed_origins, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        args: [project.workspaceId, project.id, project.name, project.token, JSON.stringify(project.allowedOrigins), project.createdAt],
      },
      {
        sql: 'INSERT OR IGNORE INTO businesses (workspace_id, id, name, is_default, created_at) VALUES (?, ?, ?, 0, ?)',
        args: [project.workspaceId, project.id, project.name, project.createdAt],
      },
    ]);
  }

  async update(project: ProjectRef): Promise<void> {
    await this.store.batch([
      {
        sql: 'UPDATE projects SET name = ?, allowed_origins = ? WHERE workspace_id = ? AND id = ?',
        args: [project.name, JSON.stringify(project.allowedOrigins), project.workspaceId, project.id],
      },
      { sql: 'UPDATE businesses SET name = ? WHERE workspace_id = ? AND id = ?', args: [project.name, project.workspaceId, project.id] },
    ]);
  }

  async eventCounts(workspaceId: string, projectId: string, todayFrom: number): Promise<{ today: number; total: number }> {
    const result = await this.store.execute(
      `SELECT coalesce(sum(count), 0) AS total, coalesce(sum(CASE WHEN hour >= ? THEN count ELSE 0 END), 0) AS today
       FROM event_rollups WHERE workspace_id = ? AND business_id = ? AND field = ''`,
      [todayFrom, workspaceId, projectId],
    );
    return { today: Number(result.rows[0]?.today ?? 0), total: Number(result.rows[0]?.total ?? 0) };
  }

  async deleteWithData(workspaceId: string, projectId: string): Promise<void> {
    const scope = [workspaceId, projectId];
    const { business, scoped } = await this.#dataTables();
    const scopeId = 'SELECT id FROM aa_scopes WHERE workspace_id = ? AND business_id = ?';
    await this.store.batch([
      { sql: 'DELETE FROM experiments WHERE workspace_id = ? AND project_id = ?', args: scope },
      ...scoped.map((table) => ({ sql: `DELETE FROM "${table}" WHERE scope = (${scopeId})`, args: scope })),
      ...business.map((table) => ({ sql: `DELETE FROM "${table}" WHERE workspace_id = ? AND business_id = ?`, args: scope })),
      { sql: 'DELETE FROM businesses WHERE workspace_id = ? AND id = ? AND is_default = 0', args: scope },
      { sql: 'DELETE FROM projects WHERE workspace_id = ? AND id = ?', args: scope },
    ]);
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
}

const repos = new WeakMap<Store, LibsqlProjectsRepo>();

/** The projects' repository on `store` (one per store), for callers that hold the store itself. */
export function libsqlProjects(store: Store): LibsqlProjectsRepo {
  let repo = repos.get(store);
  if (!repo) repos.set(store, (repo = new LibsqlProjectsRepo(store)));
  return repo;
}
