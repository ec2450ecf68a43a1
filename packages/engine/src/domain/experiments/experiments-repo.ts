import type { Experiment, ExperimentStatus } from './experiments-service.js';

/** An experiment as stored: everything but its project's name. */
export type StoredExperiment = Omit<Experiment, 'projectName'>;

export interface ExperimentListQuery {
  /** Only these statuses; `live`: the active ones and the completed ones with a winner (what tracker.js serves). */
  statuses?: readonly ExperimentStatus[] | 'live' | undefined;
  /** Oldest first; at most `limit` after the experiment created at `after.t` with id `after.id`. */
  page?: { after?: { t: number; id: string } | undefined; limit: number } | undefined;
}

/** Exposed and converted users of one variant (see ExperimentsService.counts). */
export interface VariantCountRow {
  variant: string;
  exposures: number;
  conversions: number;
}

/** The experiments' storage (metadata), and the read of their exposures and conversions (the event store). */
export interface ExperimentsRepo {
  /** The id of the project's experiment named `name`, if any. */
  idByName(workspaceId: string, projectId: string, name: string): Promise<string | undefined>;
  insert(workspaceId: string, experiment: StoredExperiment): Promise<void>;
  /** The project's experiments, oldest first (then by id). */
  list(workspaceId: string, projectId: string, query: ExperimentListQuery): Promise<StoredExperiment[]>;
  /** By id, in any project of the workspace. */
  byId(workspaceId: string, id: string): Promise<StoredExperiment | undefined>;
  setStatus(id: string, status: ExperimentStatus, winner: string | null, updatedAt: number): Promise<void>;
  delete(id: string): Promise<void>;
  /** Per variant seen: exposed users (a user's first variant counts) and those of them with a goal event at or after it. */
  variantCounts(workspaceId: string, experiment: Pick<Experiment, 'id' | 'projectId' | 'name' | 'goalEvent'>): Promise<VariantCountRow[]>;
}
