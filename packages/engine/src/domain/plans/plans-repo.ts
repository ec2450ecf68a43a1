import type { Plan, PlanBody, PlanVersion } from './plan.js';

/** Where tracking plans are kept; every call is scoped by workspace. Versions are append-only. */
export interface PlansRepo {
  /** Stores the plan and its version 1; false when the id is taken in the workspace. */
  create(workspaceId: string, plan: Plan, body: PlanBody): Promise<boolean>;
  get(workspaceId: string, id: string): Promise<Plan | undefined>;
  version(workspaceId: string, id: string, version: number): Promise<PlanVersion | undefined>;
  /** Plans in id order after `after`, `limit` of them. */
  list(workspaceId: string, query: { after?: string | undefined; limit: number }): Promise<Plan[]>;
  /** Appends version `version` if the current one is still `version - 1`; false when another write came first. */
  addVersion(workspaceId: string, id: string, version: number, body: PlanBody, at: number): Promise<boolean>;
  /** The current version of every plan of the workspace whose enforcement is not `off`. */
  active(workspaceId: string): Promise<Array<{ plan: Plan; version: PlanVersion }>>;
}
