import { monotonicFactory } from 'ulid';
import { conflict, invalidInput, notFound } from '../../errors/engine-error.js';
import type { ProjectRef } from '../projects/project-lookup.js';
import type { WeightedVariant } from './assignment.js';
import type { ExperimentsRepo, StoredExperiment } from './experiments-repo.js';

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

/** The stored experiment with its project's name (the project it belongs to). */
function withProject(stored: StoredExperiment, project: ProjectRef): Experiment {
  return {
    id: stored.id,
    projectId: project.id,
    projectName: project.name,
    name: stored.name,
    variants: stored.variants,
    goalEvent: stored.goalEvent,
    status: stored.status,
    winner: stored.winner,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
  };
}

/** A/B experiments of a project, and the exposure and conversion counts behind their results. */
export class ExperimentsService {
  /** Monotonic ULIDs: ids sort in creation order even within one millisecond. */
  readonly #nextId = monotonicFactory();
  constructor(
    readonly repo: ExperimentsRepo,
    private readonly clock: () => number,
  ) {}

  async create(project: ProjectRef, input: { name: string; variants: WeightedVariant[]; goalEvent: string }): Promise<Experiment> {
    const other = await this.repo.idByName(project.workspaceId, project.id, input.name);
    if (other !== undefined) {
      throw conflict(
        `Project '${project.name}' already has an experiment named '${input.name}' (id ${other}); rename the new one or use the existing one.`,
        { resource: 'experiment', name: input.name, id: other },
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
    await this.repo.insert(project.workspaceId, experiment);
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
    const stored = await this.repo.list(project.workspaceId, project.id, { statuses, page });
    return stored.map((experiment) => withProject(experiment, project));
  }

  /** By id (any project of the workspace), or by name within `project`. */
  async get(workspaceId: string, id: string, projects: (projectId: string) => Promise<ProjectRef>): Promise<Experiment> {
    const stored = await this.repo.byId(workspaceId, id);
    if (!stored) throw notFound('experiment', id, "list_experiments lists a project's experiments");
    return withProject(stored, await projects(stored.projectId));
  }

  async update(experiment: Experiment, changes: { status: ExperimentStatus; winner?: string | null }): Promise<Experiment> {
    const winner = changes.winner === undefined ? experiment.winner : changes.winner;
    if (winner !== null && !experiment.variants.some((variant) => variant.name === winner)) {
      throw invalidInput(`winner '${winner}' is not a variant of '${experiment.name}'`, [
        { path: 'winner', message: `must be one of ${experiment.variants.map((variant) => variant.name).join(', ')} or null` },
      ]);
    }
    const now = this.clock();
    await this.repo.setStatus(experiment.id, changes.status, winner, now);
    return { ...experiment, status: changes.status, winner, updatedAt: now };
  }

  async delete(experiment: Experiment): Promise<void> {
    await this.repo.delete(experiment.id);
  }

  /**
   * Per variant: exposed users (distinct user — actor id, else session id, else the event — whose events carry
   * `properties.experiment` = the experiment's name or id and a `properties.variant`; a user's first
   * variant counts) and converted users (exposed users with a goal event at or after their first exposure).
   * Exposures and users' goal events are kept on ingest; anonymous exposures look their goal events up by session.
   */
  async counts(workspaceId: string, experiment: Experiment): Promise<Map<string, VariantCounts>> {
    const rows = await this.repo.variantCounts(workspaceId, experiment);
    const counts = new Map<string, VariantCounts>();
    for (const variant of experiment.variants) counts.set(variant.name, { exposures: 0, conversions: 0 });
    for (const row of rows) {
      const entry = counts.get(row.variant);
      if (entry) Object.assign(entry, { exposures: row.exposures, conversions: row.conversions });
    }
    return counts;
  }
}
