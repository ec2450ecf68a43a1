/** A window of stored events a coverage read covers: `[from, to]` (ms, inclusive), optionally one business. */
export interface CoverageWindow {
  workspaceId: string;
  from: number;
  to: number;
  businessId?: string | undefined;
}

/** How often one event name was received in the window, and when last. */
export interface SeenEvent {
  event: string;
  count: number;
  lastSeen: number;
}

/** Violations a plan noted on stored events (`context.trackingPlans`): per event name, and per field path when `path` is set. */
export interface ViolationCount {
  event: string;
  /** null: the row counting the events of this name with at least one violation. */
  path: string | null;
  /** Stored events with a violation (at this path). */
  events: number;
}

/** Reads over the event store a tracking plan's coverage is computed from (SQL per backend; reads may use the read pool). */
export interface PlanCoverageRepo {
  /** Every event name received in the window with its count and last timestamp, in name order, at most `limit` names. */
  seen(window: CoverageWindow, limit: number): Promise<SeenEvent[]>;
  /** The violations plan `planId` (any version) noted on events of the window. */
  violations(window: CoverageWindow, planId: string): Promise<ViolationCount[]>;
}
