/** One `workflow.*` event as the run reconstruction reads it. */
export interface WorkflowEventRow {
  id: string;
  event: string;
  timestamp: number;
  businessId: string;
  traceId: string | null;
  /** `properties.workflowId`, else the object's id when `object.type` is `workflow`. */
  workflowId: string | null;
  /** The run key: `properties.runId`, else `traceId`, else (a start only) the event's own id. */
  runId: string;
  /** `properties.step` (step events; a failure's step). */
  step: string | null;
  /** `properties.expectedDurationMs` (a start's run budget, a step start's step budget). */
  expectedDurationMs: number | null;
  /** `properties.reason` or `properties.error` (a failure). */
  reason: string | null;
}

/** Which run starts to read: newest first, after the keyset of the previous page. */
export interface RunStartQuery {
  workflowId?: string | undefined;
  businessId?: string | undefined;
  runId?: string | undefined;
  traceId?: string | undefined;
  from: number;
  to: number;
  after?: { t: number; id: string } | undefined;
  limit: number;
}

export interface SampledEvent {
  id: string;
  event: string;
  timestamp: number;
}

/** The reads of the operations domain (workflow runs, business health); SQL per backend in store/<backend>/operations.ts. */
export interface OperationsRepo {
  businessExists(workspaceId: string, businessId: string): Promise<boolean>;
  /** `workflow.started` events matching the query, newest first (ties by id, descending), at most `limit`. */
  runStarts(workspaceId: string, query: RunStartQuery): Promise<WorkflowEventRow[]>;
  /** The step, completion and failure events of these runs at or after `since`, oldest first. */
  runEvents(workspaceId: string, runIds: readonly string[], since: number): Promise<WorkflowEventRow[]>;
  /** The newest `limit` events of these names of a business in [from, to], newest first (evidence samples). */
  sampleEvents(workspaceId: string, businessId: string, eventNames: readonly string[], from: number, to: number, limit: number): Promise<SampledEvent[]>;
}
