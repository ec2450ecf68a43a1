import type { SqlArg, SqlRow } from '../../domain/analytics/reader.js';
import type { WeightedVariant } from '../../domain/experiments/assignment.js';
import type { ExperimentListQuery, ExperimentsRepo, StoredExperiment, VariantCountRow } from '../../domain/experiments/experiments-repo.js';
import type { Experiment, ExperimentStatus } from '../../domain/experiments/experiments-service.js';
import type { Store } from '../store.js';

type Rows = (sql: string, args: SqlArg[]) => Promise<SqlRow[]>;

export function experimentFromRow(row: Record<string, unknown>): StoredExperiment {
  return {
    id: String(row.id),
    projectId: String(row.project_id),
    name: String(row.name),
    variants: JSON.parse(String(row.variants)) as WeightedVariant[],
    goalEvent: String(row.goal_event),
    status: String(row.status) as ExperimentStatus,
    winner: row.winner === null ? null : String(row.winner),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

const experimentOf = (row: unknown): StoredExperiment => experimentFromRow(row as Record<string, unknown>);

/**
 * The experiments on libSQL: metadata through the store's connection; the results query through the analytics
 * reader (the read pool, off the main thread for embedded files).
 */
export class LibsqlExperimentsRepo implements ExperimentsRepo {
  constructor(
    private readonly store: Store,
    private readonly readEvents: Rows,
  ) {}

  async idByName(workspaceId: string, projectId: string, name: string): Promise<string | undefined> {
    const existing = await this.store.execute('SELECT id FROM experiments WHERE workspace_id = ? AND project_id = ? AND name = ?', [
      workspaceId, projectId, name,
    ]);
    const row = existing.rows[0];
    return row ? String(row.id) : undefined;
  }

  async insert(workspaceId: string, experiment: StoredExperiment): Promise<void> {
    await this.store.execute(
      'INSERT INTO experiments (workspace_id, id, project_id, name, variants, goal_event, status, winner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)',
      [
        workspaceId, experiment.id, experiment.projectId, experiment.name, JSON.stringify(experiment.variants), experiment.goalEvent,
        experiment.status, experiment.createdAt, experiment.updatedAt,
      ],
    );
  }

  async list(workspaceId: string, projectId: string, { statuses, page }: ExperimentListQuery): Promise<StoredExperiment[]> {
    const where = ['workspace_id = ?', 'project_id = ?'];
    const args: Array<string | number> = [workspaceId, projectId];
    if (statuses === 'live') where.push("(status = 'active' OR (status = 'completed' AND winner IS NOT NULL))");
    else if (statuses) (where.push(`status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`), args.push(...statuses));
    if (page?.after) (where.push('(created_at > ? OR (created_at = ? AND id > ?))'), args.push(page.after.t, page.after.t, page.after.id));
    const result = await this.store.execute(
      `SELECT * FROM experiments WHERE ${where.join(' AND ')} ORDER BY created_at, id${page ? ' LIMIT ?' : ''}`,
      page ? [...args, page.limit] : args,
    );
    return result.rows.map(experimentOf);
  }

  async byId(workspaceId: string, id: string): Promise<StoredExperiment | undefined> {
    const result = await this.store.execute('SELECT * FROM experiments WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
    const row = result.rows[0];
    return row ? experimentOf(row) : undefined;
  }

  async setStatus(id: string, status: ExperimentStatus, winner: string | null, updatedAt: number): Promise<void> {
    await this.store.execute('UPDATE experiments SET status = ?, winner = ?, updated_at = ? WHERE id = ?', [status, winner, updatedAt, id]);
  }

  async delete(id: string): Promise<void> {
    await this.store.execute('DELETE FROM experiments WHERE id = ?', [id]);
  }

  /**
   * Exposures and users' goal events are kept on ingest (`aa_exposures`, `aa_event_users`); anonymous exposures look
   * their goal events up by session in the events.
   */
  async variantCounts(
    workspaceId: string,
    experiment: Pick<Experiment, 'id' | 'projectId' | 'name' | 'goalEvent'>,
  ): Promise<VariantCountRow[]> {
    const rows = await this.readEvents(
      `WITH scope AS (SELECT id FROM aa_scopes WHERE workspace_id = ? AND business_id = ?),
       exposed AS (
         SELECT user_key, is_user, variant, min(first_seen) AS first_ts FROM aa_exposures
         WHERE scope = (SELECT id FROM scope) AND experiment IN (?, ?) GROUP BY user_key
       ), anonymous_goals AS MATERIALIZED (
         SELECT coalesce(session_id, id) AS user_key, max(ts) AS last_ts FROM events INDEXED BY events_by_name
         WHERE workspace_id = ? AND event = ? AND actor_id IS NULL AND business_id = ?
           AND EXISTS (SELECT 1 FROM exposed WHERE is_user = 0) GROUP BY 1
       )
       SELECT variant, count(*) AS exposures, sum(CASE WHEN is_user = 1
           THEN EXISTS (SELECT 1 FROM aa_event_users g WHERE g.scope = (SELECT id FROM scope) AND g.event = ? AND g.user_id = exposed.user_key
                          AND g.last_seen >= exposed.first_ts)
           ELSE EXISTS (SELECT 1 FROM anonymous_goals a WHERE a.user_key = exposed.user_key AND a.last_ts >= exposed.first_ts) END) AS conversions
       FROM exposed GROUP BY variant`,
      [
        workspaceId, experiment.projectId, experiment.name, experiment.id,
        workspaceId, experiment.goalEvent, experiment.projectId, experiment.goalEvent,
      ],
    );
    return rows.map((row) => ({ variant: String(row.variant), exposures: Number(row.exposures), conversions: Number(row.conversions) }));
  }
}
