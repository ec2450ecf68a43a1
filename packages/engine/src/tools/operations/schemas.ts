import { z } from 'zod';
import { ALERT_SEVERITIES } from '../../domain/operations/health-rules.js';
import { RUN_STATES, STEP_STATES } from '../../domain/operations/workflow-runs.js';

const ms = (description: string) => z.number().int().describe(description);
const nullableMs = (description: string) => z.number().int().nullable().describe(description);
const ids = (description: string) => z.array(z.string()).describe(description);

export const stepRun = z
  .object({
    step: z.string().describe('Step name (properties.step).'),
    state: z.enum(STEP_STATES).describe('running (started, not completed), completed, or failed (the run failed in it).'),
    startedAt: nullableMs('Step start (ms); a step completed without a start began at the previous step\'s completion or the run start.'),
    completedAt: nullableMs('Step completion (ms), null while open.'),
    durationMs: nullableMs('completedAt - startedAt; for an open step, until the run ended or now.'),
    expectedDurationMs: nullableMs('The step\'s budget from its workflow.step.started (properties.expectedDurationMs).'),
    overrunMs: nullableMs('How far the step is over its budget (0 within it; null without a budget).'),
    eventIds: ids('The step\'s events.'),
  })
  .meta({ id: 'WorkflowStepRun' });

export const workflowRun = z
  .object({
    workflowId: z.string(),
    runId: z.string().describe('properties.runId of the start, else its traceId, else the start event id.'),
    businessId: z.string(),
    traceId: z.string().nullable(),
    state: z.enum(RUN_STATES).describe('failed / completed once such an event is seen; else overrun when running past expectedDurationMs; else running.'),
    overrun: z.boolean().describe('True when the run is or was over its expected duration (running or ended).'),
    startedAt: ms('workflow.started time (ms).'),
    endedAt: nullableMs('workflow.completed / workflow.failed time (ms), null while running.'),
    durationMs: ms('endedAt - startedAt; while running, now - startedAt.'),
    expectedDurationMs: nullableMs('The budget given on start (properties.expectedDurationMs).'),
    overrunMs: nullableMs('durationMs - expectedDurationMs when over it, else 0; null without a budget.'),
    currentStep: z.string().nullable().describe('The open step of a run not ended (the last started and not completed), else null.'),
    failedStep: z.string().nullable().describe('The step a failed run failed in (properties.step of workflow.failed, else the open step).'),
    failureReason: z.string().nullable().describe('properties.reason (or error) of workflow.failed.'),
    steps: z.array(stepRun).describe('Steps in start order (at most 50; `stepCount` counts all).'),
    stepCount: z.number().int(),
    startEventId: z.string().describe('The workflow.started event.'),
    eventIds: ids('The run\'s events in time order (at most 20): the evidence of its state.'),
  })
  .meta({ id: 'WorkflowRun' });

export const scoreComponent = z
  .object({
    component: z.string().describe('revenue, orders, workflows, errors or activity.'),
    value: z.number().describe('The component\'s value, 0..1 (4 decimals).'),
    weight: z.number().describe('Its weight in healthScore (the weights sum to 1).'),
    points: z.number().describe('100 x value x weight: what it adds to healthScore.'),
    rule: z.string().describe('How the value is computed.'),
  })
  .meta({ id: 'HealthScoreComponent' });

export const healthMetric = z
  .object({
    metric: z.string().describe('revenue, scans, leads, orders, errors or events.'),
    value: z.number().describe('This period\'s value (revenue: sum of properties.revenue of the order events; else a count).'),
    previous: z.number().describe('The previous period\'s value (same length, just before `from`).'),
    change: z.number(),
    changePct: z.number().int().nullable().describe('Whole percentage change, null when previous is 0.'),
    eventCount: z.number().int().describe('Events the value rests on this period.'),
    previousEventCount: z.number().int(),
    eventNames: ids('The event names counted (at most 20).'),
    eventIds: ids('The newest events the value rests on (at most 5).'),
  })
  .meta({ id: 'HealthMetric' });

export const healthAlert = z
  .object({
    alert: z.string().describe('no_events, workflow_overrun, workflow_failed, error_events or metric_drop.'),
    severity: z.enum(ALERT_SEVERITIES),
    metric: z.string().nullable(),
    message: z.string(),
    value: z.number().nullable(),
    previous: z.number().nullable().describe('The previous value, or the expected duration of an overrun run.'),
    evidenceIds: ids('Event ids the alert rests on.'),
  })
  .meta({ id: 'HealthAlert' });

export const nextAction = z
  .object({
    action: z.string().describe('replan_workflow, check_tracking, investigate_workflow_failure, investigate_errors, investigate_drop, review_scan_conversion or review_top_source.'),
    priority: z.number().int().describe('1 first.'),
    rule: z.string().describe('The rule that produced it (an alert type).'),
    reason: z.string(),
    consequential: z.boolean().describe('True when carrying it out changes the business (route it through governance first).'),
    target: z.record(z.string(), z.string()).describe('What it is about: workflowId and runId, metric, or source.'),
    evidenceIds: ids('Event ids the action rests on.'),
  })
  .meta({ id: 'HealthNextAction' });
