import type { WorkflowEventRow } from './operations-repo.js';

/**
 * The workflow event vocabulary. A run starts with `workflow.started` (properties.workflowId, or an object of type
 * `workflow`; properties.runId, else the traceId, names the run; properties.expectedDurationMs is its budget), goes
 * through `workflow.step.started` / `workflow.step.completed` (properties.step; a step start may carry its own
 * expectedDurationMs) and ends with `workflow.completed` or `workflow.failed` (properties.reason or error, and step).
 */
export const WORKFLOW_EVENTS = {
  started: 'workflow.started',
  stepStarted: 'workflow.step.started',
  stepCompleted: 'workflow.step.completed',
  completed: 'workflow.completed',
  failed: 'workflow.failed',
} as const;

export const RUN_STATES = ['running', 'overrun', 'completed', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const STEP_STATES = ['running', 'completed', 'failed'] as const;

export interface StepRun {
  step: string;
  state: (typeof STEP_STATES)[number];
  startedAt: number | null;
  completedAt: number | null;
  durationMs: number | null;
  expectedDurationMs: number | null;
  overrunMs: number | null;
  eventIds: string[];
}

export interface WorkflowRun {
  workflowId: string;
  runId: string;
  businessId: string;
  traceId: string | null;
  state: RunState;
  overrun: boolean;
  startedAt: number;
  endedAt: number | null;
  durationMs: number;
  expectedDurationMs: number | null;
  overrunMs: number | null;
  currentStep: string | null;
  failedStep: string | null;
  failureReason: string | null;
  steps: StepRun[];
  stepCount: number;
  startEventId: string;
  eventIds: string[];
}

/** Most steps and event ids listed per run (the counts stay exact). */
export const MAX_STEPS_PER_RUN = 50;
export const MAX_EVENT_IDS_PER_RUN = 20;

const over = (duration: number | null, expected: number | null): number | null =>
  duration === null || expected === null ? null : Math.max(0, duration - expected);

/**
 * A run from its start and its later events (oldest first), as of `now`. Rules: `failed` once workflow.failed is seen,
 * else `completed` once workflow.completed is seen, else `overrun` when it has run longer than expectedDurationMs, else
 * `running`; the first end event counts and events after it are ignored. A running run's duration is now − start.
 * `overrun` is also true for a run that ended after its budget. Steps pair a step.started with the next step.completed
 * of the same step name; a step.completed without a start began at the previous step's completion (or the run start).
 * The current step is the last step started and not completed (null when none is open).
 */
export function reconstructRun(start: WorkflowEventRow, later: readonly WorkflowEventRow[], now: number): WorkflowRun {
  const steps: StepRun[] = [];
  const eventIds = [start.id];
  let endedAt: number | null = null;
  let state: RunState = 'running';
  let failedStep: string | null = null;
  let failureReason: string | null = null;
  let lastBoundary = start.timestamp;
  for (const row of later) {
    if (endedAt !== null) break;
    if (eventIds.length < MAX_EVENT_IDS_PER_RUN) eventIds.push(row.id);
    if (row.event === WORKFLOW_EVENTS.stepStarted) {
      steps.push({
        step: row.step ?? 'unnamed', state: 'running', startedAt: row.timestamp, completedAt: null, durationMs: null,
        expectedDurationMs: row.expectedDurationMs, overrunMs: null, eventIds: [row.id],
      });
    } else if (row.event === WORKFLOW_EVENTS.stepCompleted) {
      const name = row.step ?? 'unnamed';
      let open = steps.find((step) => step.step === name && step.state === 'running');
      if (!open) {
        open = { step: name, state: 'running', startedAt: lastBoundary, completedAt: null, durationMs: null, expectedDurationMs: null, overrunMs: null, eventIds: [] };
        steps.push(open);
      }
      open.state = 'completed';
      open.completedAt = row.timestamp;
      open.durationMs = row.timestamp - (open.startedAt ?? row.timestamp);
      open.overrunMs = over(open.durationMs, open.expectedDurationMs);
      open.eventIds.push(row.id);
      lastBoundary = row.timestamp;
    } else if (row.event === WORKFLOW_EVENTS.completed || row.event === WORKFLOW_EVENTS.failed) {
      endedAt = row.timestamp;
      if (row.event === WORKFLOW_EVENTS.failed) {
        state = 'failed';
        failureReason = row.reason;
        const open = [...steps].reverse().find((step) => step.state === 'running');
        failedStep = row.step ?? open?.step ?? null;
        if (open && (row.step === null || row.step === open.step)) {
          open.state = 'failed';
          open.eventIds.push(row.id);
        }
      } else state = 'completed';
    }
  }
  const durationMs = (endedAt ?? Math.max(now, start.timestamp)) - start.timestamp;
  for (const step of steps) {
    if (step.state === 'completed' || step.startedAt === null) continue;
    step.durationMs = (endedAt ?? Math.max(now, step.startedAt)) - step.startedAt;
    step.overrunMs = over(step.durationMs, step.expectedDurationMs);
  }
  const overrunMs = over(durationMs, start.expectedDurationMs);
  const overrun = overrunMs !== null && overrunMs > 0;
  if (state === 'running' && overrun) state = 'overrun';
  const open = [...steps].reverse().find((step) => step.state === 'running');
  return {
    workflowId: start.workflowId ?? 'unknown',
    runId: start.runId,
    businessId: start.businessId,
    traceId: start.traceId,
    state,
    overrun,
    startedAt: start.timestamp,
    endedAt,
    durationMs,
    expectedDurationMs: start.expectedDurationMs,
    overrunMs,
    currentStep: endedAt === null ? (open?.step ?? null) : null,
    failedStep,
    failureReason,
    steps: steps.slice(0, MAX_STEPS_PER_RUN),
    stepCount: steps.length,
    startEventId: start.id,
    eventIds,
  };
}

/** Runs from their starts (in the order given) and the later events of all of them (oldest first). */
export function reconstructRuns(starts: readonly WorkflowEventRow[], later: readonly WorkflowEventRow[], now: number): WorkflowRun[] {
  const byRun = new Map<string, WorkflowEventRow[]>();
  for (const row of later) {
    const list = byRun.get(row.runId);
    if (list) list.push(row);
    else byRun.set(row.runId, [row]);
  }
  return starts.map((start) => {
    const rows = (byRun.get(start.runId) ?? []).filter(
      (row) => row.timestamp >= start.timestamp && (row.workflowId === null || start.workflowId === null || row.workflowId === start.workflowId),
    );
    return reconstructRun(start, rows, now);
  });
}
