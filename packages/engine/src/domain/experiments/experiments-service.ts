import { monotonicFactory } from 'ulid';
import { conflict, invalidInput, notFound } from '../../errors/engine-error.js';
import type { Store } from '../../store/store.js';
import type { AnalyticsReader } from '../analytics/reader.js';
import type { ProjectRef } from '../projects/project-lookup.js';
import type { WeightedVariant } from './assignment.js';

export const EXPERIMENT_STATUSES = ['active', 'paused', 'completed'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];

/** The event tracker.js sends when a user is shown a variant: `properties.experiment` and `properties.variant`. */
export const EXPOSURE_EVENT = '$experiment_exposure';

export interface Experiment {
  id: string;
  projectId: string;
  projectName: string;
  name: string;
  variants: WeightedVariant[];
  goalEvent: string;
  status: ExperimentStatus;
  winner: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface VariantCounts {
  exposures: number;
  conversions: number;
}

function fromRow(row: Record<string, unknown>, project: ProjectRef): Experiment {
  return {
    id: String(row.id),
    projectId: project.id,
    projectName: project.name,
    name: String(row.name),
    variants: JSON.parse(String(row.variants)) as WeightedVariant[],
    goalEvent: String(row.goal_event),
    status: String(row.status) as ExperimentStatus,
    winner: row.winner === null ? null : String(row.winner),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** A/B experiments of a project, and the exposure and conversion counts behind their results. */
export class ExperimentsService {
  /** Monotonic ULIDs: ids sort in creation order even within one millisecond. */
  readonly #nextId = monotonicFactory();
  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    /** Where the results query runs: on the analytics read pool, off the main thread for embedded files. */
    private readonly reader: AnalyticsReader,
  ) {}

  async create(project: ProjectRef, input: { name: string; variants: WeightedVariant[]; goalEvent: string }): Promise<Experiment> {
    const existing = await this.store.execute('SELECT id FROM experiments WHERE workspace_id = ? AND project_id = ? AND name = ?', [
      project.workspaceId, project.id, input.name,
    ]);
    const other = existing.rows[0];
    if (other) {
      throw conflict(
        `Project '${project.name}' already has an experiment named '${input.name}' (id ${String(other.id)}); rename the new one or use the existing one.`,
        { resource: 'experiment', name: input.name, id: String(other.id) },
      );
    }
    const now = this.clock();
    const experiment: Experiment = {
      id: `exp_${this.#nextId(now).toLowerCase()}`,
      projectId: project.id,
      projectName: project.name,
      name: input.name,
      variants: input.variants,
      goalEvent: input.goalEvent,
      status: 'active',
      winner: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.store.execute(
      'INSERT INTO experiments (workspace_id, id, project_id, name, variants, goal_event, status, winner, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)',
      [project.workspaceId, experiment.id, project.id, input.name, JSON.stringify(input.variants), input.goalEvent, 'active', now, now],
    );
    return experiment;
  }

  /**
   * Oldest first, only those with one of `statuses` when given (`live`: the active ones and the completed ones with a
   * winner, which tracker.js serves); with `page`, at most `page.limit` of them after the experiment created at
   * `after.t` with id `after.id`.
   */
  async list(
    project: ProjectRef,
    statuses?: readonly ExperimentStatus[] | 'live',
    page?: { after?: { t: number; id: string } | undefined; limit: number },
  ): Promise<Experiment[]> {
    const where = ['workspace_id = ?', 'project_id = ?'];
    const args: Array<string | number> = [project.workspaceId, project.id];
    if (statuses === 'live') where.push("(status = 'active' OR (status = 'completed' AND winner IS NOT NULL))");
    else if (statuses) (where.push(`status IN (${statuses.map(() => '?').join(', ') || 'NULL'})`), args.push(...statuses));
    if (page?.after) (where.push('(created_at > ? OR (created_at = ? AND id > ?))'), args.push(page.after.t, page.after.t, page.after.id));
    const result = await this.store.execute(
      `SELECT * FROM experiments WHERE ${where.join(' AND ')} ORDER BY created_at, id${page ? ' LIMIT ?' : ''}`,
      page ? [...args, page.limit] : args,
    );
    return result.rows.map((row) => fromRow(row as unknown as Record<string, unknown>, project));
  }

  /** By id (any project of the workspace), or by name within `project`. */
  async get(workspaceId: string, id: string, projects: (projectId: string) => Promise<ProjectRef>): Promise<Experiment> {
    const result = await this.store.execute('SELECT * FROM experiments WHERE workspace_id = ? AND id = ?', [workspaceId, id]);
    const row = result.rows[0];
    if (!row) throw notFound('experiment', id, "list_experiments lists a project's experiments");
    return fromRow(row as unknown as Record<string, unknown>, await projects(String(row.project_id)));
  }

  async update(experiment: Experiment, changes: { status: ExperimentStatus; winner?: string | null }): Promise<Experiment> {
    const winner = changes.winner === undefined ? experiment.winner : changes.winner;
    if (winner !== null && !experiment.variants.some((variant) => variant.name === winner)) {
      throw invalidInput(`winner '${winner}' is not a variant of '${experiment.name}'`, [
        { path: 'winner', message: `must be one of ${experiment.variants.map((variant) => variant.name).join(', ')} or null` },
      ]);
    }
    const now = this.clock();
    await this.store.execute('UPDATE experiments SET status = ?, winner = ?, updated_at = ? WHERE id = ?', [
      changes.status, winner, now, experiment.id,
    ]);
    return { ...experiment, status: changes.status, winner, updatedAt: now };
  }

  async delete(experiment: Experiment): Promise<void> {
    await this.store.execute('DELETE FROM experiments WHERE id = ?', [experiment.id]);
  }

  /**
   * Per variant: exposed users (distinct user — actor id, else session id, else the event — whose events carry
   * `properties.experiment` = the experiment's name or id and a `properties.variant`; a user's first
   * variant counts) and converted users (exposed users with a goal event at or after their first exposure).
   * Exposures and users' goal events are kept on ingest; anonymous exposures look their goal events up by session.
   */
  async counts(workspaceId: string, experiment: Experiment): Promise<Map<string, VariantCounts>> {
    const rows = await this.reader.all(
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
    const counts = new Map<string, VariantCounts>();
    for (const variant of experiment.variants) counts.set(variant.name, { exposures: 0, conversions: 0 });
    for (const row of rows) {
      const entry = counts.get(String(row.variant));
      if (entry) Object.assign(entry, { exposures: Number(row.exposures), conversions: Number(row.conversions) });
    }
    return counts;
  }
}
