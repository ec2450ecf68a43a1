import type { WorkflowRun } from './workflow-runs.js';

/** The event-name patterns of each counted category (`*` matches any characters, dots included). */
export const HEALTH_CATEGORIES = ['scans', 'leads', 'orders', 'errors'] as const;
export type HealthCategory = (typeof HEALTH_CATEGORIES)[number];
export const DEFAULT_EVENT_PATTERNS: Readonly<Record<HealthCategory, readonly string[]>> = {
  scans: ['*.scanned', 'qr.*', 'rfid.read', 'trackable.used'],
  leads: ['lead.*'],
  orders: ['order.created'],
  errors: ['*.failed', '*.error', '*.errored', 'error.*'],
};

/** workflow.* events belong to the workflows component and are never counted as errors. */
const WORKFLOW_PREFIX = 'workflow.';

const patternRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** The names among `names` each category matches (a name may fall in several categories). */
export function classify(names: readonly string[], patterns: Readonly<Record<HealthCategory, readonly string[]>>): Record<HealthCategory, string[]> {
  const result = {} as Record<HealthCategory, string[]>;
  for (const category of HEALTH_CATEGORIES) {
    const regexes = patterns[category].map(patternRegex);
    result[category] = names.filter(
      (name) => regexes.some((regex) => regex.test(name)) && !(category === 'errors' && name.startsWith(WORKFLOW_PREFIX)),
    );
  }
  return result;
}

/** A trend's value: min(1, current / previous); with no previous, 1 when there is a current value and 0.5 otherwise. */
export const trend = (current: number, previous: number): number => (previous > 0 ? Math.min(1, current / previous) : current > 0 ? 1 : 0.5);

export interface ScoreInput {
  revenue: number;
  previousRevenue: number;
  orders: number;
  previousOrders: number;
  events: number;
  previousEvents: number;
  errors: number;
  runs: number;
  /** Runs that failed or went over their expected duration (each counted once). */
  unhealthyRuns: number;
}

export interface ScoreComponent {
  component: string;
  value: number;
  weight: number;
  points: number;
  rule: string;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** The components of healthScore: each value 0..1, the weights sum to 1; the formula text is in HEALTH_SCORE_FORMULA. */
function rawComponents(input: ScoreInput): Array<[string, number, number, string]> {
  return [
    ['revenue', trend(input.revenue, input.previousRevenue), 0.3, 'min(1, revenue / previous revenue); 1 with no previous revenue and some now, 0.5 with neither'],
    ['orders', trend(input.orders, input.previousOrders), 0.2, 'min(1, orders / previous orders); 1 with no previous orders and some now, 0.5 with neither'],
    ['workflows', input.runs === 0 ? 1 : 1 - input.unhealthyRuns / input.runs, 0.25, '1 - (runs failed or over their expected duration) / runs started; 1 with no runs'],
    ['errors', input.events === 0 ? 1 : Math.max(0, 1 - (10 * input.errors) / input.events), 0.15, 'max(0, 1 - 10 x error events / events); 1 with no events'],
    ['activity', input.events === 0 ? 0 : trend(input.events, input.previousEvents), 0.1, 'min(1, events / previous events); 1 with no previous events, 0 with no events now'],
  ];
}

export function scoreComponents(input: ScoreInput): ScoreComponent[] {
  return rawComponents(input).map(([component, value, weight, rule]) => ({ component, value: round(value, 4), weight, points: round(value * weight * 100, 2), rule }));
}

export const HEALTH_SCORE_FORMULA =
  'healthScore = round(100 x (0.30 revenue + 0.20 orders + 0.25 workflows + 0.15 errors + 0.10 activity)), each component 0..1: ' +
  'revenue = min(1, revenue / previous-period revenue), orders = min(1, orders / previous orders) (each 1 when the previous ' +
  'period had none and this one has some, 0.5 when neither has any); workflows = 1 - (runs failed or over their expected ' +
  'duration) / runs started (1 with no runs); errors = max(0, 1 - 10 x error events / all events) (1 with no events); ' +
  'activity = min(1, events / previous events) (1 with no previous events, 0 with no events now).';

/** The score from the components' exact (unrounded) values. */
export const healthScore = (input: ScoreInput): number =>
  Math.max(0, Math.min(100, Math.round(100 * rawComponents(input).reduce((total, [, value, weight]) => total + value * weight, 0))));

export interface HealthMetric {
  metric: string;
  value: number;
  previous: number;
  change: number;
  changePct: number | null;
  eventCount: number;
  previousEventCount: number;
  eventNames: string[];
  eventIds: string[];
}

export const ALERT_SEVERITIES = ['critical', 'warning', 'info'] as const;
export interface HealthAlert {
  alert: string;
  severity: (typeof ALERT_SEVERITIES)[number];
  metric: string | null;
  message: string;
  value: number | null;
  previous: number | null;
  evidenceIds: string[];
}

export interface NextAction {
  action: string;
  priority: number;
  rule: string;
  reason: string;
  consequential: boolean;
  /** What the action is about: workflowId and runId, metric, or source. */
  target: Record<string, string>;
  evidenceIds: string[];
}

/** Most alerts and next actions answered (the rules run in order; the rest are counted in the answer). */
export const MAX_ALERTS = 20;
export const MAX_NEXT_ACTIONS = 20;
/** A drop alert needs this many events of the metric in the previous period. */
export const DROP_MIN_PREVIOUS = 5;
export const DROP_RATIO = 0.75;

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * Alerts, in this order: no_events (critical: no event in the period), workflow_overrun (per run still running past its
 * expected duration: critical; ended over it: warning), workflow_failed (warning, per run), error_events (warning, when
 * any error event), metric_drop (revenue, orders, scans, leads: at least 5 of the metric's events in the previous
 * period and the value at most 75% of the previous one; critical at most 50%).
 */
export function healthAlerts(metrics: readonly HealthMetric[], runs: readonly WorkflowRun[], events: number): HealthAlert[] {
  const alerts: HealthAlert[] = [];
  if (events === 0) alerts.push({ alert: 'no_events', severity: 'critical', metric: 'events', message: 'No event was received in the period.', value: 0, previous: null, evidenceIds: [] });
  for (const run of runs) {
    if (!run.overrun) continue;
    const running = run.endedAt === null;
    alerts.push({
      alert: 'workflow_overrun', severity: running ? 'critical' : 'warning', metric: null,
      message: `Run ${run.runId} of workflow ${run.workflowId} ${running ? 'is' : 'was'} ${minutes(run.overrunMs ?? 0)} min over its expected ${minutes(run.expectedDurationMs ?? 0)} min${running && run.currentStep ? ` (at step ${run.currentStep})` : ''}.`,
      value: run.durationMs, previous: run.expectedDurationMs, evidenceIds: run.eventIds.slice(0, 5),
    });
  }
  for (const run of runs) {
    if (run.state !== 'failed') continue;
    alerts.push({
      alert: 'workflow_failed', severity: 'warning', metric: null,
      message: `Run ${run.runId} of workflow ${run.workflowId} failed${run.failedStep ? ` at step ${run.failedStep}` : ''}${run.failureReason ? `: ${run.failureReason}` : ''}.`,
      value: null, previous: null, evidenceIds: run.eventIds.slice(-5),
    });
  }
  const errors = metrics.find((metric) => metric.metric === 'errors');
  if (errors && errors.value > 0) {
    alerts.push({ alert: 'error_events', severity: 'warning', metric: 'errors', message: `${errors.value} error events (${errors.eventNames.join(', ')}).`, value: errors.value, previous: errors.previous, evidenceIds: errors.eventIds });
  }
  for (const metric of metrics) {
    if (metric.metric === 'errors' || metric.metric === 'events') continue;
    if (metric.previousEventCount < DROP_MIN_PREVIOUS || metric.previous <= 0 || metric.value > DROP_RATIO * metric.previous) continue;
    alerts.push({
      alert: 'metric_drop', severity: metric.value <= 0.5 * metric.previous ? 'critical' : 'warning', metric: metric.metric,
      message: `${metric.metric} ${metric.value} vs ${metric.previous} in the previous period (${metric.changePct ?? 0}%).`,
      value: metric.value, previous: metric.previous, evidenceIds: metric.eventIds,
    });
  }
  return alerts;
}

/**
 * Next actions, by priority (1 first), then in rule order: replan_workflow (1, consequential: a run still over its
 * expected duration, before its invoice goes out), check_tracking (1: no events), investigate_workflow_failure (2, per
 * failed run), investigate_errors (2: error events), investigate_drop (2, per metric_drop alert),
 * review_scan_conversion (3: scans but no orders in the period), review_top_source (3: the attribution source with the
 * most revenue, when attribution has one).
 */
export function nextActions(alerts: readonly HealthAlert[], runs: readonly WorkflowRun[], metrics: readonly HealthMetric[], topSource?: { source: string; revenue: number; evidenceIds: string[] }): NextAction[] {
  const actions: NextAction[] = [];
  for (const run of runs) {
    if (run.state !== 'overrun') continue;
    actions.push({
      action: 'replan_workflow', priority: 1, rule: 'workflow_overrun', consequential: true, target: { workflowId: run.workflowId, runId: run.runId },
      reason: `Run ${run.runId} of workflow ${run.workflowId} is ${minutes(run.overrunMs ?? 0)} min over its expected duration${run.currentStep ? ` at step ${run.currentStep}` : ''}: replan it through governed approval before the invoice goes out.`,
      evidenceIds: run.eventIds.slice(0, 5),
    });
  }
  if (alerts.some((alert) => alert.alert === 'no_events')) {
    actions.push({ action: 'check_tracking', priority: 1, rule: 'no_events', consequential: false, target: {}, reason: 'No event arrived in the period: check that the trackers and connectors still send.', evidenceIds: [] });
  }
  for (const run of runs) {
    if (run.state !== 'failed') continue;
    actions.push({
      action: 'investigate_workflow_failure', priority: 2, rule: 'workflow_failed', consequential: false, target: { workflowId: run.workflowId, runId: run.runId },
      reason: `Run ${run.runId} of workflow ${run.workflowId} failed${run.failedStep ? ` at step ${run.failedStep}` : ''}; find the cause before retrying it.`,
      evidenceIds: run.eventIds.slice(-5),
    });
  }
  for (const alert of alerts) {
    if (alert.alert === 'error_events') actions.push({ action: 'investigate_errors', priority: 2, rule: 'error_events', consequential: false, target: { metric: 'errors' }, reason: alert.message, evidenceIds: alert.evidenceIds });
  }
  for (const alert of alerts) {
    if (alert.alert === 'metric_drop') actions.push({ action: 'investigate_drop', priority: 2, rule: 'metric_drop', consequential: false, target: { metric: alert.metric ?? '' }, reason: `${alert.message} Find which campaign, channel or trackable explains it.`, evidenceIds: alert.evidenceIds });
  }
  const scans = metrics.find((metric) => metric.metric === 'scans');
  const orders = metrics.find((metric) => metric.metric === 'orders');
  if (scans && orders && scans.value > 0 && orders.value === 0) {
    actions.push({ action: 'review_scan_conversion', priority: 3, rule: 'scans_without_orders', consequential: false, target: { metric: 'scans' }, reason: `${scans.value} scans and no order in the period: check the scan landing pages and offers.`, evidenceIds: scans.eventIds });
  }
  if (topSource && topSource.revenue > 0) {
    actions.push({ action: 'review_top_source', priority: 3, rule: 'top_attributed_source', consequential: false, target: { source: topSource.source }, reason: `Source ${topSource.source} drove the most attributed revenue (${topSource.revenue}); consider scaling it (a consequential action: ask governance first).`, evidenceIds: topSource.evidenceIds });
  }
  return actions.map((action, index) => ({ action, index })).sort((a, b) => a.action.priority - b.action.priority || a.index - b.index).map(({ action }) => action);
}
