import type { AttributionService } from '../attribution/attribution-service.js';
import { DIRECT } from '../attribution/attribution-service.js';
import type { EventMetric, MetricsService } from '../metrics/metrics-service.js';
import { classify, DEFAULT_EVENT_PATTERNS, type HealthCategory, type NextAction } from '../operations/health-rules.js';
import type { OperationsService } from '../operations/operations-service.js';
import type { PlansService } from '../plans/plans-service.js';
import type { DimensionCell, GapSample, IntelligenceRepo, Window } from './intelligence-repo.js';
import {
  bucketMs, changeHeadline, DEFAULT_EXECUTED_EVENTS, DEFAULT_TRUST_REQUIREMENTS, drivers, flagBuckets, groupFlagged, median,
  MIN_BASELINE_WEEKS, round, tally, WEEK_MS, type AnomalyWindow, type Driver, type ExplainDimension, type Granularity,
} from './rules.js';

export const CONTEXT_MODES = ['what_changed', 'anomalies', 'proof_gaps', 'recommend_next_actions', 'summary'] as const;
export type ContextMode = (typeof CONTEXT_MODES)[number];

export interface ContextQuery {
  businessId: string;
  mode: ContextMode;
  from: number;
  to: number;
  /** Items per section; next actions are paged from `offset`. */
  limit: number;
  offset: number;
  granularity: Granularity;
  baselineWeeks: number;
  trustRequirements?: ReadonlyArray<{ events: string; minTier: string }> | undefined;
  executedEvents?: readonly string[] | undefined;
}

export interface Change {
  metric: string;
  value: number;
  previous: number;
  change: number;
  changePct: number | null;
  headline: string;
  drivers: Driver[];
  evidenceIds: string[];
}

export interface Anomaly extends AnomalyWindow {
  headline: string;
  drivers: Driver[];
  evidenceIds: string[];
}

export interface AnomalyBaseline {
  status: 'checked' | 'insufficient_data';
  granularity: Granularity;
  baselineWeeks: number;
  firstEventAt: number | null;
  checkedBuckets: number;
  message: string;
}

export const PROOF_GAPS = ['action_without_decision', 'below_trust_tier', 'unattributed_order', 'unregistered_trackable_scan', 'unplanned_scan_event'] as const;
export interface ProofGap {
  gap: (typeof PROOF_GAPS)[number];
  count: number;
  eventIds: string[];
  eventNames: string[];
  values: string[];
  detail: string;
  closeWith: string;
}

export interface GovernanceCall {
  action: string;
  method: 'POST';
  path: '/api/governance/enforce';
  body: { proposedAction: Record<string, string> };
  requires: string[];
}

export interface AgentAction {
  rank: number;
  action: string;
  priority: number;
  rule: string;
  reason: string;
  expectedEffect: string;
  consequential: boolean;
  governance: GovernanceCall | null;
  target: Record<string, string>;
  evidenceIds: string[];
}

export interface AgentContext {
  mode: ContextMode;
  businessId: string;
  from: number;
  to: number;
  previousFrom: number;
  previousTo: number;
  summary: string[];
  whatChanged: Change[] | null;
  anomalyBaseline: AnomalyBaseline | null;
  anomalies: Anomaly[] | null;
  proofGaps: ProofGap[] | null;
  nextActions: AgentAction[] | null;
  moreNextActions: boolean;
}

/** The metrics explained, in this order: revenue is the sum of properties.revenue of the order events. */
const METRICS = ['revenue', 'orders', 'scans', 'leads', 'errors', 'events'] as const;
type Metric = (typeof METRICS)[number];
const REVENUE_FIELD = 'properties.revenue';
const EVIDENCE = 5;
/** Anomalies whose drivers are looked up (the highest scores); the rest carry none. */
const MAX_EXPLAINED_ANOMALIES = 5;
const GAP_SAMPLE = 5;
const REQUIRES = ['decisionObjectId', 'authorityGrantId', 'contextContractId'];

const patternRegex = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
const matching = (names: readonly string[], patterns: readonly string[]) => {
  const regexes = patterns.map(patternRegex);
  return names.filter((name) => regexes.some((regex) => regex.test(name)));
};
const unique = (ids: readonly string[], most = EVIDENCE) => [...new Set(ids)].slice(0, most);

/**
 * Agent context: what changed (contribution analysis), anomalies (seasonal robust baseline), proof gaps and ranked
 * next actions of a business over a period, computed from stored events by the rules in rules.ts. One call computes
 * each part at most once (summary and recommend_next_actions share them).
 */
export class IntelligenceService {
  constructor(
    private readonly repo: IntelligenceRepo,
    private readonly metrics: MetricsService,
    private readonly operations: OperationsService,
    private readonly attribution: AttributionService,
    private readonly plans: PlansService,
  ) {}

  async context(workspaceId: string, query: ContextQuery, now: number): Promise<AgentContext> {
    await this.operations.requireBusiness(workspaceId, query.businessId);
    const call = new ContextCall(this, workspaceId, query, now);
    const wants = (mode: ContextMode) => query.mode === mode || query.mode === 'summary';
    const recommend = wants('recommend_next_actions');
    const [whatChanged, anomalies, proofGaps] = await Promise.all([
      wants('what_changed') || recommend ? call.whatChanged() : null,
      wants('anomalies') || recommend ? call.anomalies() : null,
      wants('proof_gaps') || recommend ? call.proofGaps() : null,
    ]);
    const actions = recommend ? await call.nextActions(whatChanged!, anomalies!.items, proofGaps!) : null;
    const page = actions?.slice(query.offset, query.offset + query.limit) ?? null;
    const shown = {
      whatChanged: wants('what_changed') ? whatChanged!.slice(0, query.limit) : null,
      anomalies: wants('anomalies') ? anomalies!.items.slice(0, query.limit) : null,
      proofGaps: wants('proof_gaps') ? proofGaps!.slice(0, query.limit) : null,
    };
    return {
      mode: query.mode, businessId: query.businessId, from: query.from, to: query.to, previousFrom: call.previous.from, previousTo: call.previous.to,
      summary: summaryLines(shown.whatChanged, wants('anomalies') ? anomalies!.baseline : null, shown.anomalies, shown.proofGaps, page),
      ...shown,
      anomalyBaseline: wants('anomalies') ? anomalies!.baseline : null,
      nextActions: page,
      moreNextActions: actions !== null && query.offset + query.limit < actions.length,
    };
  }

  /** @internal the parts' reads, for ContextCall. */
  get deps() {
    return { repo: this.repo, metrics: this.metrics, operations: this.operations, attribution: this.attribution, plans: this.plans };
  }
}

/** One agent-context call: the reads shared by its parts, each made once. */
class ContextCall {
  readonly previous: Window;
  readonly #memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly service: IntelligenceService,
    private readonly workspaceId: string,
    private readonly query: ContextQuery,
    private readonly now: number,
  ) {
    const length = query.to - query.from + 1;
    this.previous = { from: Math.max(0, query.from - length), to: Math.max(0, query.from - 1) };
  }

  #once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let found = this.#memo.get(key) as Promise<T> | undefined;
    if (!found) this.#memo.set(key, (found = make()));
    return found;
  }

  /** Counts and revenue by event name in the period and the one before, and the names of each category. */
  period() {
    return this.#once('period', async () => {
      const { metrics } = this.service.deps;
      const base = { businessId: this.query.businessId, limit: 100_000, persistSnapshots: false, sums: true };
      const [current, previous] = await Promise.all([
        metrics.query(this.workspaceId, { ...base, from: this.query.from, to: this.query.to }),
        this.query.from === 0 ? Promise.resolve({ metrics: [] as EventMetric[], totalEvents: 0 }) : metrics.query(this.workspaceId, { ...base, ...this.previous }),
      ]);
      const names = [...new Set([...current.metrics, ...previous.metrics].map((metric) => metric.event))].sort();
      return { current: current.metrics, previous: previous.metrics, categories: classify(names, DEFAULT_EVENT_PATTERNS), names, read: { current, previous } };
    });
  }

  attributed() {
    return this.#once('attribution', () =>
      this.service.deps.attribution.summary({ workspaceId: this.workspaceId, businessId: this.query.businessId, from: this.query.from, to: this.query.to, model: 'linear', limit: 5 }),
    );
  }

  namesOf(metric: Metric, categories: Record<HealthCategory, string[]>, all: readonly string[]): string[] {
    if (metric === 'events') return [...all];
    return categories[metric === 'revenue' ? 'orders' : metric];
  }

  async whatChanged(): Promise<Change[]> {
    const { current, previous, categories, names } = await this.period();
    const amount = (list: readonly EventMetric[], metric: Metric, eventNames: readonly string[]) =>
      list.filter((row) => eventNames.includes(row.event)).reduce((sum, row) => sum + (metric === 'revenue' ? (row.sums[REVENUE_FIELD] ?? 0) : row.count), 0);
    const rows = METRICS.map((metric) => {
      const eventNames = this.namesOf(metric, categories, names);
      return { metric, eventNames, value: round(amount(current, metric, eventNames)), previous: round(amount(previous, metric, eventNames)) };
    });
    // Drivers of the changed metrics (other than all events) from one grouped read of their events in both periods.
    const explained = rows.filter((row) => row.metric !== 'events' && row.value !== row.previous);
    const cellNames = [...new Set(explained.flatMap((row) => row.eventNames))];
    const cells = await this.service.deps.repo.cells(this.workspaceId, this.query.businessId, cellNames, [{ from: this.query.from, to: this.query.to }, this.previous]);
    const changes = rows.map((row): Change => {
      const total = row.value - row.previous;
      let found: Driver[] = [];
      let evidence: string[] = [];
      if (row.metric === 'events') {
        const byEvent = new Map<ExplainDimension, Map<string, { amounts: number[]; ids: string[] }>>([['event', new Map()]]);
        for (const name of row.eventNames) {
          byEvent.get('event')!.set(name, { amounts: [amount(current, 'events', [name]), amount(previous, 'events', [name])], ids: [] });
        }
        found = drivers(byEvent, total, (amounts) => amounts[1] ?? 0);
      } else if (total !== 0) {
        const own = cells.filter((cell) => row.eventNames.includes(cell.event));
        found = drivers(tally(own, 2, row.metric === 'revenue'), total, (amounts) => amounts[1] ?? 0);
        evidence = own.filter((cell) => cell.window === 0).flatMap((cell) => cell.ids);
      }
      return {
        metric: row.metric, value: row.value, previous: row.previous, change: round(total),
        changePct: row.previous === 0 ? null : Math.round((total / row.previous) * 100),
        headline: changeHeadline(row.metric, row.value, row.previous, found[0]),
        drivers: found, evidenceIds: unique([...found.flatMap((driver) => driver.evidenceIds), ...evidence]),
      };
    });
    // Changed metrics first, the largest relative change first (a metric new in this period counts as +100%).
    const weight = (change: Change) => (change.change === 0 ? -1 : Math.abs(change.changePct ?? 100));
    return changes.map((change, index) => ({ change, index })).sort((a, b) => weight(b.change) - weight(a.change) || a.index - b.index).map(({ change }) => change);
  }

  async anomalies(): Promise<{ baseline: AnomalyBaseline; items: Anomaly[] }> {
    const { repo } = this.service.deps;
    const { granularity, baselineWeeks, businessId } = this.query;
    const size = bucketMs(granularity);
    const first = Math.ceil(this.query.from / size) * size;
    const last = Math.floor((Math.min(this.query.to, this.now) + 1) / size) * size - size;
    const firstHour = await repo.firstHour(this.workspaceId, businessId);
    const base = { granularity, baselineWeeks, firstEventAt: firstHour };
    const needed = first - MIN_BASELINE_WEEKS * WEEK_MS;
    if (firstHour === null || firstHour > needed) {
      const days = firstHour === null ? 0 : Math.max(0, Math.floor((first - firstHour) / 86_400_000));
      return {
        baseline: {
          ...base, status: 'insufficient_data', checkedBuckets: 0,
          message: `Insufficient data: anomalies need ${MIN_BASELINE_WEEKS} weeks of history before the period; this business has ${firstHour === null ? 'no events' : `${days} days`}. No anomaly is reported.`,
        },
        items: [],
      };
    }
    const earliest = Math.floor(firstHour / size) * size;
    const hours = await repo.hours(this.workspaceId, businessId, Math.max(earliest, first - baselineWeeks * WEEK_MS), last + size - 1);
    const names = [...new Set(hours.map((row) => row.event))].sort();
    const categories = classify(names, DEFAULT_EVENT_PATTERNS);
    const windows: AnomalyWindow[] = [];
    let checked = 0;
    const seriesOf = (metric: Metric, eventNames: ReadonlySet<string>) => {
      const series = new Map<number, number>();
      for (const row of hours) {
        if (!eventNames.has(row.event)) continue;
        const bucket = Math.floor(row.hour / size) * size;
        series.set(bucket, (series.get(bucket) ?? 0) + (metric === 'revenue' ? row.revenue : row.count));
      }
      return series;
    };
    const metricNames = new Map<Metric, string[]>();
    for (const metric of METRICS) {
      const eventNames = this.namesOf(metric, categories, names);
      metricNames.set(metric, eventNames);
      if (eventNames.length === 0) continue;
      const result = flagBuckets(seriesOf(metric, new Set(eventNames)), first, last, size, baselineWeeks, earliest);
      checked = Math.max(checked, result.checked);
      windows.push(...groupFlagged(metric, result.flagged, size));
    }
    windows.sort((a, b) => Math.abs(b.score) - Math.abs(a.score) || a.from - b.from || METRICS.indexOf(a.metric as Metric) - METRICS.indexOf(b.metric as Metric));
    const items: Anomaly[] = [];
    for (const [index, window] of windows.entries()) {
      const found = index < MAX_EXPLAINED_ANOMALIES ? await this.anomalyDrivers(window, metricNames.get(window.metric as Metric)!, hours, size, earliest) : { drivers: [], ids: [] };
      const top = found.drivers[0];
      const span = window.buckets === 1 ? `the ${granularity} from ${new Date(window.from).toISOString()}` : `${window.buckets} ${granularity}s from ${new Date(window.from).toISOString()}`;
      items.push({
        ...window, drivers: found.drivers, evidenceIds: unique(found.ids),
        headline: `${window.metric} ${window.direction}: ${window.observed} vs ${window.expected} expected (range ${window.expectedLow}-${window.expectedHigh}) over ${span}, score ${window.score}` +
          (top ? `; ${Math.round(top.share * 100)}% of it is ${top.dimension}=${top.value}` : ''),
      });
    }
    return {
      baseline: {
        ...base, status: 'checked', checkedBuckets: checked,
        message: `${checked} ${granularity}s of the period checked against the same ${granularity} of up to ${baselineWeeks} previous weeks; ${items.length} anomalies.`,
      },
      items,
    };
  }

  /** The dimension values behind one anomaly: their amounts in it against the median of the same span in the baseline weeks. */
  async anomalyDrivers(window: AnomalyWindow, eventNames: readonly string[], hours: ReadonlyArray<{ hour: number; event: string; count: number; revenue: number }>, size: number, earliest: number) {
    const spans: Window[] = [{ from: window.from, to: window.to }];
    for (let week = 1; week <= this.query.baselineWeeks; week += 1) {
      if (window.from - week * WEEK_MS >= earliest) spans.push({ from: window.from - week * WEEK_MS, to: window.to - week * WEEK_MS });
    }
    const total = window.observed - window.expected;
    const expectedOf = (amounts: readonly number[]) => median(amounts.slice(1));
    const revenue = window.metric === 'revenue';
    if (window.metric === 'events') {
      const byEvent = new Map<string, { amounts: number[]; ids: string[] }>();
      for (const row of hours) {
        const bucket = Math.floor(row.hour / size) * size;
        const span = spans.findIndex((candidate) => bucket >= candidate.from && bucket <= candidate.to);
        if (span < 0) continue;
        let entry = byEvent.get(row.event);
        if (!entry) byEvent.set(row.event, (entry = { amounts: new Array<number>(spans.length).fill(0), ids: [] }));
        entry.amounts[span]! += row.count;
      }
      return { drivers: drivers(new Map([['event', byEvent]]), total, expectedOf), ids: [] };
    }
    const cells: DimensionCell[] = await this.service.deps.repo.cells(this.workspaceId, this.query.businessId, eventNames, spans);
    const found = drivers(tally(cells, spans.length, revenue), total, expectedOf);
    const ids = [...found.flatMap((driver) => driver.evidenceIds), ...cells.filter((cell) => cell.window === 0).flatMap((cell) => cell.ids)];
    return { drivers: found, ids };
  }

  async proofGaps(): Promise<ProofGap[]> {
    const { repo, plans } = this.service.deps;
    const { current, categories } = await this.period();
    const seen = current.map((row) => row.event).sort();
    const scope = { workspaceId: this.workspaceId, businessId: this.query.businessId, from: this.query.from, to: this.query.to, sample: GAP_SAMPLE };
    const requirements = this.query.trustRequirements ?? DEFAULT_TRUST_REQUIREMENTS;
    const scans = categories.scans.filter((name) => seen.includes(name));
    const [undecided, tiers, attributed, unregistered, active] = await Promise.all([
      repo.withoutDecision({ ...scope, eventNames: matching(seen, this.query.executedEvents ?? DEFAULT_EXECUTED_EVENTS) }),
      Promise.all(requirements.map(async (rule) => ({ rule, sample: await repo.belowTier({ ...scope, eventNames: matching(seen, [rule.events]), minTier: rule.minTier }) }))),
      this.attributed(),
      repo.unregisteredTrackable({ ...scope, eventNames: scans }),
      plans.activePlans(this.workspaceId),
    ]);
    const gaps: ProofGap[] = [];
    const add = (gap: ProofGap['gap'], sample: GapSample, detail: string, closeWith: string) => {
      if (sample.count > 0) gaps.push({ gap, count: sample.count, eventIds: sample.ids, eventNames: sample.eventNames, values: sample.values, detail, closeWith });
    };
    add('action_without_decision', undecided, `${undecided.count} executed-action events carry no decisionId.`,
      'Route each consequential action through governance (POST /api/governance/enforce with its DecisionObject) and send the DecisionObject\'s id as `decisionId` on the executed event.');
    for (const { rule, sample } of tiers) {
      add('below_trust_tier', sample, `${sample.count} ${rule.events} events are below ${rule.minTier} (found: ${sample.values.join(', ')}).`,
        `Send these events with trustTier ${rule.minTier} or higher from a source that can vouch for them (authority-bound events carry their decisionId and grant).`);
    }
    const direct = attributed.bySource.find((row) => row.value === DIRECT);
    add('unattributed_order', { count: attributed.totals.directConversions, ids: direct?.conversionIds ?? [], eventNames: attributed.totals.directConversions > 0 ? [attributed.window.conversionEvent] : [], values: [] },
      `${attributed.totals.directConversions} of ${attributed.totals.conversions} orders have no touchpoint of their actor in the ${Math.round(attributed.window.lookbackMs / 86_400_000)}-day lookback.`,
      'Send source/attribution fields or utm_* properties on the touch events (scans, page views, emails) of the same actor, and the actor on the order.');
    add('unregistered_trackable_scan', unregistered, `${unregistered.count} scans carry no trackable.id or one that is not a trackable of this workspace${unregistered.values.length ? ` (${unregistered.values.join(', ')})` : ''}.`,
      'Create the trackables (create_trackable) and scan through their codes, or send the registered trackable.id on the scan events.');
    const ownPlans = active.filter((plan) => plan.plan.businessId === null || plan.plan.businessId === this.query.businessId);
    if (ownPlans.length > 0) {
      const planned = new Set(ownPlans.flatMap((plan) => plan.version.events.map((event) => event.name)));
      const unplanned = scans.filter((name) => !planned.has(name));
      if (unplanned.length > 0) {
        const sample = await repo.events({ ...scope, eventNames: unplanned });
        add('unplanned_scan_event', sample, `${sample.count} scans use event names no tracking plan of this business lists (${unplanned.slice(0, 5).join(', ')}).`,
          `Add the event names to the tracking plan (update_tracking_plan on ${ownPlans.map((plan) => plan.plan.id).slice(0, 3).join(', ')}) or send the planned name.`);
      }
    }
    return gaps;
  }

  async nextActions(changes: readonly Change[], anomalies: readonly Anomaly[], gaps: readonly ProofGap[]): Promise<AgentAction[]> {
    // Health reads the same attribution and period metrics: it is given this call's instead of reading them again.
    const shared = { attribution: this.attributed(), period: this.period().then((period) => period.read) };
    const health = await this.service.deps.operations.health(this.workspaceId, { businessId: this.query.businessId, from: this.query.from, to: this.query.to, limit: 1 }, this.now, shared);
    const actions: Array<Omit<AgentAction, 'rank'>> = health.nextActions.map((action) => fromHealth(action, changes, this.query.businessId));
    for (const anomaly of anomalies) {
      const top = anomaly.drivers[0];
      actions.push({
        action: 'investigate_anomaly', priority: anomaly.direction === 'drop' || anomaly.metric === 'errors' ? 2 : 3, rule: `anomaly_${anomaly.direction}`,
        reason: anomaly.headline, consequential: false, governance: null,
        expectedEffect: `Explains ${round(Math.abs(anomaly.observed - anomaly.expected))} ${anomaly.metric} ${anomaly.direction === 'drop' ? 'missing' : 'above'} the expected ${anomaly.expected}${top ? ` (start with ${top.dimension}=${top.value})` : ''}.`,
        target: { metric: anomaly.metric, from: new Date(anomaly.from).toISOString(), ...(top ? { [top.dimension]: top.value } : {}) },
        evidenceIds: anomaly.evidenceIds,
      });
    }
    for (const gap of gaps) {
      actions.push({
        action: 'close_proof_gap', priority: gap.gap === 'action_without_decision' || gap.gap === 'below_trust_tier' ? 2 : 3, rule: gap.gap,
        reason: gap.detail, consequential: false, governance: null, expectedEffect: `${gap.count} events get the evidence the operating model expects. ${gap.closeWith}`,
        target: { gap: gap.gap }, evidenceIds: gap.eventIds,
      });
    }
    return actions
      .map((action, index) => ({ action, index }))
      .sort((a, b) => a.action.priority - b.action.priority || a.index - b.index)
      .map(({ action }, index) => ({ rank: index + 1, ...action }));
  }
}

/** A health next action as an agent action: its expected effect, and the governance call of a consequential one. */
function fromHealth(action: NextAction, changes: readonly Change[], businessId: string): Omit<AgentAction, 'rank'> {
  const base = { ...action, governance: null as GovernanceCall | null, expectedEffect: '' };
  const governed = (name: string, proposed: Record<string, string>): GovernanceCall => ({
    action: name, method: 'POST', path: '/api/governance/enforce', body: { proposedAction: { action: name, businessId, ...proposed } }, requires: REQUIRES,
  });
  switch (action.action) {
    case 'replan_workflow':
      return { ...base, governance: governed('workflow.replan', action.target), expectedEffect: 'The job is replanned before its invoice goes out over budget; the workflows component of healthScore recovers.' };
    case 'check_tracking':
      return { ...base, expectedEffect: 'Events flow again; every metric here depends on them.' };
    case 'investigate_workflow_failure':
      return { ...base, expectedEffect: `Run ${action.target.runId ?? ''} can be retried once its cause is fixed.` };
    case 'investigate_errors':
      return { ...base, expectedEffect: 'Fewer error events: the errors component of healthScore (15%) recovers.' };
    case 'investigate_drop': {
      const change = changes.find((candidate) => candidate.metric === action.target.metric);
      const top = change?.drivers[0];
      return {
        ...base,
        reason: top ? `${change!.headline}: start with ${top.dimension}=${top.value}.` : action.reason,
        target: top ? { ...action.target, [top.dimension]: top.value } : action.target,
        evidenceIds: unique([...(top?.evidenceIds ?? []), ...action.evidenceIds]),
        expectedEffect: change ? `Recovers up to ${Math.abs(change.change)} ${change.metric} (the drop against the previous period).` : 'Recovers the dropped metric.',
      };
    }
    case 'review_scan_conversion':
      return { ...base, expectedEffect: 'Scans turn into orders.' };
    case 'review_top_source':
      return {
        ...base, action: 'scale_top_source', consequential: true, governance: governed('campaign.scale', { source: action.target.source ?? '' }),
        reason: action.reason.replace(' (a consequential action: ask governance first)', ''),
        expectedEffect: `More orders from the source that drove the most attributed revenue; enforce the spend first (add amount and currency to proposedAction).`,
      };
    default:
      return { ...base, expectedEffect: action.reason };
  }
}

function summaryLines(changes: Change[] | null, baseline: AnomalyBaseline | null, anomalies: Anomaly[] | null, gaps: ProofGap[] | null, actions: AgentAction[] | null): string[] {
  const lines: string[] = [];
  if (changes) {
    const moved = changes.filter((change) => change.change !== 0);
    lines.push(moved.length === 0 ? 'No key metric changed against the previous period.' : moved.slice(0, 3).map((change) => change.headline).join('; ') + '.');
  }
  if (baseline) lines.push(baseline.status === 'insufficient_data' ? baseline.message : anomalies && anomalies.length > 0 ? `${anomalies.length} anomalies; top: ${anomalies[0]!.headline}.` : 'No anomaly against the seasonal baseline.');
  if (gaps) lines.push(gaps.length === 0 ? 'No proof gap.' : `Proof gaps: ${gaps.map((gap) => `${gap.gap} (${gap.count})`).join(', ')}.`);
  if (actions) {
    const first = actions[0];
    lines.push(first ? `${actions.length} next actions; first: ${first.action}${first.consequential ? ' (consequential: enforce through governance first)' : ''}: ${first.reason}` : 'No next action.');
  }
  return lines;
}
