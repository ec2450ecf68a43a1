import { notFound } from '../../errors/engine-error.js';
import { DIRECT, type AttributionRow, type AttributionService, type AttributionSummary, type AttributionTotals } from '../attribution/attribution-service.js';
import type { EventsService, EventPage } from '../events/events-service.js';
import type { MetricsService, EventMetric } from '../metrics/metrics-service.js';
import {
  classify, DEFAULT_EVENT_PATTERNS, healthAlerts, healthScore, HEALTH_CATEGORIES, MAX_ALERTS, MAX_NEXT_ACTIONS, nextActions, scoreComponents,
  type HealthAlert, type HealthCategory, type HealthMetric, type NextAction, type ScoreComponent,
} from './health-rules.js';
import type { OperationsRepo } from './operations-repo.js';
import { reconstructRuns, type RunState, type WorkflowRun } from './workflow-runs.js';

export interface RunsQuery {
  workflowId?: string | undefined;
  businessId?: string | undefined;
  runId?: string | undefined;
  traceId?: string | undefined;
  from: number;
  to: number;
  after?: { t: number; id: string } | undefined;
  limit: number;
}

export interface HealthQuery {
  businessId: string;
  from: number;
  to: number;
  limit: number;
  after?: { t: number; id: string } | undefined;
  eventNames?: Partial<Record<HealthCategory, string[]>> | undefined;
}

export interface WorkflowCounts {
  runs: number;
  running: number;
  overrun: number;
  completed: number;
  failed: number;
  /** Runs that went over their expected duration, whatever their state (running past it or ended after it). */
  overBudget: number;
  truncated: boolean;
}

export interface HealthReport {
  businessId: string;
  from: number;
  to: number;
  previousFrom: number;
  previousTo: number;
  healthScore: number;
  scoreComponents: ScoreComponent[];
  revenue: number;
  scans: number;
  leads: number;
  orders: number;
  events: number;
  metrics: HealthMetric[];
  alerts: HealthAlert[];
  workflows: WorkflowCounts;
  nextActions: NextAction[];
  attribution: HealthAttribution;
  recent: EventPage;
}

/** Linear attribution of the period's orders (the rows of query_attribution), for the health summary. */
export interface HealthAttribution {
  model: 'linear';
  bySource: AttributionRow[];
  byCampaign: AttributionRow[];
  totals: AttributionTotals;
}

/** Reads a caller already made for the same business and period (agent context), used instead of reading again. */
export interface HealthShared {
  /** The linear attribution summary of [from, to] with HEALTH_ATTRIBUTION_ROWS rows. */
  attribution?: Promise<AttributionSummary>;
  /** The metrics of [from, to] and of the period before (as health reads them). */
  period?: Promise<{ current: { metrics: EventMetric[]; totalEvents: number }; previous: { metrics: EventMetric[]; totalEvents: number } }>;
}

/** Attribution rows per dimension in a health summary. */
export const HEALTH_ATTRIBUTION_ROWS = 5;

/** Runs of a business read for its health (the newest); more are counted as truncated. */
export const HEALTH_MAX_RUNS = 1000;
/** Evidence ids kept per number. */
export const EVIDENCE_SAMPLE = 5;
const REVENUE_FIELD = 'properties.revenue';

/** Workflow runs reconstructed from workflow.* events, and a business's health over a period, by documented rules. */
export class OperationsService {
  constructor(
    private readonly repo: OperationsRepo,
    private readonly metrics: MetricsService,
    private readonly events: EventsService,
    private readonly attribution: AttributionService,
  ) {}

  /** A page of runs, newest start first, as of `now`, and whether more follow. */
  async runs(workspaceId: string, query: RunsQuery, now: number): Promise<{ runs: WorkflowRun[]; more: boolean }> {
    const starts = await this.repo.runStarts(workspaceId, { ...query, limit: query.limit + 1 });
    const page = starts.slice(0, query.limit);
    const since = page.reduce((earliest, start) => Math.min(earliest, start.timestamp), Number.POSITIVE_INFINITY);
    const later = page.length === 0 ? [] : await this.repo.runEvents(workspaceId, [...new Set(page.map((start) => start.runId))], since);
    return { runs: reconstructRuns(page, later, now), more: starts.length > query.limit };
  }

  async requireBusiness(workspaceId: string, businessId: string): Promise<void> {
    if (!(await this.repo.businessExists(workspaceId, businessId))) {
      throw notFound('business', businessId, 'a business exists once an event names it (businessId) or it is the workspace default `default`');
    }
  }

  async health(workspaceId: string, query: HealthQuery, now: number, shared: HealthShared = {}): Promise<HealthReport> {
    await this.requireBusiness(workspaceId, query.businessId);
    const length = query.to - query.from + 1;
    const previousTo = query.from - 1;
    const previousFrom = Math.max(0, query.from - length);
    const base = { businessId: query.businessId, limit: 100_000, persistSnapshots: false, sums: true };
    const [{ current, previous }, runPage, recent, attributed] = await Promise.all([
      shared.period ??
        Promise.all([
          this.metrics.query(workspaceId, { ...base, from: query.from, to: query.to }),
          previousTo < 0 ? Promise.resolve({ metrics: [] as EventMetric[], totalEvents: 0 }) : this.metrics.query(workspaceId, { ...base, from: previousFrom, to: previousTo }),
        ]).then(([current, previous]) => ({ current, previous })),
      this.runs(workspaceId, { businessId: query.businessId, from: query.from, to: query.to, limit: HEALTH_MAX_RUNS }, now),
      this.events.query(workspaceId, { businessId: query.businessId, from: query.from, to: query.to, limit: query.limit, after: query.after }),
      shared.attribution ?? this.attribution.summary({ workspaceId, businessId: query.businessId, from: query.from, to: query.to, model: 'linear', limit: HEALTH_ATTRIBUTION_ROWS }),
    ]);
    const patterns = { ...DEFAULT_EVENT_PATTERNS, ...query.eventNames };
    const names = [...new Set([...current.metrics, ...previous.metrics].map((metric) => metric.event))].sort();
    const categories = classify(names, patterns);
    const total = (list: readonly EventMetric[], eventNames: readonly string[], field?: string) =>
      list.filter((metric) => eventNames.includes(metric.event)).reduce((sum, metric) => sum + (field ? (metric.sums[field] ?? 0) : metric.count), 0);
    const metricOf = async (metric: string, eventNames: readonly string[], field?: string): Promise<HealthMetric> => {
      const value = round2(total(current.metrics, eventNames, field));
      const before = round2(total(previous.metrics, eventNames, field));
      const sample = eventNames.length === 0 ? [] : await this.repo.sampleEvents(workspaceId, query.businessId, eventNames.slice(0, 20), query.from, query.to, EVIDENCE_SAMPLE);
      return {
        metric, value, previous: before, change: round2(value - before), changePct: before === 0 ? null : Math.round(((value - before) / before) * 100),
        eventCount: total(current.metrics, eventNames), previousEventCount: total(previous.metrics, eventNames),
        eventNames: eventNames.slice(0, 20), eventIds: sample.map((event) => event.id),
      };
    };
    const allNames = current.metrics.map((metric) => metric.event);
    const metrics = await Promise.all([
      metricOf('revenue', categories.orders, REVENUE_FIELD),
      ...HEALTH_CATEGORIES.map((category) => metricOf(category, categories[category])),
    ]);
    const events: HealthMetric = {
      metric: 'events', value: current.totalEvents, previous: previous.totalEvents, change: current.totalEvents - previous.totalEvents,
      changePct: previous.totalEvents === 0 ? null : Math.round(((current.totalEvents - previous.totalEvents) / previous.totalEvents) * 100),
      eventCount: current.totalEvents, previousEventCount: previous.totalEvents, eventNames: allNames.slice(0, 20),
      eventIds: recent.events.slice(0, EVIDENCE_SAMPLE).map((event) => event.id),
    };
    metrics.push(events);
    const value = (name: string) => metrics.find((metric) => metric.metric === name)!;
    const runs = runPage.runs;
    const workflows = countRuns(runs, runPage.more);
    const unhealthyRuns = runs.filter((run) => run.state === 'failed' || run.overrun).length;
    const scoreInput = {
      revenue: value('revenue').value, previousRevenue: value('revenue').previous, orders: value('orders').value, previousOrders: value('orders').previous,
      events: current.totalEvents, previousEvents: previous.totalEvents, errors: value('errors').value, runs: runs.length, unhealthyRuns,
    };
    const alerts = healthAlerts(metrics, runs, current.totalEvents);
    const top = attributed.bySource.find((row) => row.value !== DIRECT && row.revenue > 0);
    const topSource = top ? { source: top.value, revenue: top.revenue, evidenceIds: [...top.conversionIds, ...top.touchIds] } : undefined;
    const attribution: HealthAttribution = { model: 'linear', bySource: attributed.bySource, byCampaign: attributed.byCampaign, totals: attributed.totals };
    return {
      businessId: query.businessId, from: query.from, to: query.to, previousFrom, previousTo,
      healthScore: healthScore(scoreInput), scoreComponents: scoreComponents(scoreInput),
      revenue: value('revenue').value, scans: value('scans').value, leads: value('leads').value, orders: value('orders').value, events: current.totalEvents,
      metrics, alerts: alerts.slice(0, MAX_ALERTS), workflows, nextActions: nextActions(alerts, runs, metrics, topSource).slice(0, MAX_NEXT_ACTIONS), attribution, recent,
    };
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

function countRuns(runs: readonly WorkflowRun[], truncated: boolean): WorkflowCounts {
  const by = (state: RunState) => runs.filter((run) => run.state === state).length;
  return {
    runs: runs.length, running: by('running'), overrun: by('overrun'), completed: by('completed'), failed: by('failed'),
    overBudget: runs.filter((run) => run.overrun).length, truncated,
  };
}
