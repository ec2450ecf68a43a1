import type { Store } from '../../store/store.js';
import type { EventEnvelope } from '../events/envelope.js';
import type { EventsService } from '../events/events-service.js';
import type { IngestRejection } from '../events/ingest-guard.js';
import { requireProject } from '../projects/project-lookup.js';
import { getBreakdown } from './breakdown.js';
import { getLive, listEvents, listProperties, listReceivedProperties } from './event-log.js';
import { countryFromRollups, fromRollups, runCountryRollupQuery, runQuery, runRollupQuery, type FlexibleQuery, type RollupCounts } from './flexible-query.js';
import { analyzeFunnel, type FunnelInput } from './funnel.js';
import { getHeatmap } from './heatmap.js';
import type { ProjectScope } from './period-summary.js';
import type { AnalyticsReader } from './reader.js';
import { getRetention, type RetentionInput } from './retention.js';
import { getPages, listSessions, sessionDistribution, type PageType } from './sessions.js';
import { getInsights, getStats, type InsightPeriod, type StatsGroupBy, type StatsSeriesPage } from './stats.js';

/** One Agent Analytics event, as `/track` receives it. */
export interface TrackedEvent {
  event: string;
  properties?: Record<string, unknown> | null | undefined;
  user_id?: string | null | undefined;
  session_id?: string | null | undefined;
  timestamp?: number | null | undefined;
}

/** Maps an Agent Analytics event onto the canonical envelope of the project's business. */
export function envelopeOf(projectId: string, tracked: TrackedEvent, now: number): EventEnvelope {
  return {
    event: tracked.event,
    businessId: projectId,
    ...(tracked.user_id ? { actor: { type: 'user', id: tracked.user_id } } : {}),
    ...(tracked.session_id ? { sessionId: tracked.session_id } : {}),
    ...(tracked.properties ? { properties: tracked.properties } : {}),
    timestamp: tracked.timestamp ?? now,
  };
}

/** The Agent Analytics API over the engine's events: writes through the group-commit writer, reads on `reader`. */
export class AnalyticsService {
  constructor(
    private readonly store: Store,
    private readonly events: EventsService,
    readonly reader: AnalyticsReader,
    /** Exact event counts from the hourly rollups (query_metrics), for the run_query shapes they answer. */
    private readonly counts: RollupCounts,
  ) {}

  /** Resolves a project of the workspace by id or name (NOT_FOUND otherwise, including other workspaces' projects). */
  async scope(workspaceId: string, project: string): Promise<ProjectScope> {
    const found = await requireProject(this.store, workspaceId, project);
    const key = await this.store.execute('SELECT id FROM aa_scopes WHERE workspace_id = ? AND business_id = ?', [workspaceId, found.id]);
    return { workspaceId, projectId: found.id, project: found.name, key: key.rows[0] ? Number(key.rows[0].id) : -1 };
  }

  /**
   * Stores the events durably (resolves after the commit). One event a guard (a `block` tracking plan) refuses
   * throws INVALID_INPUT; in a batch (`each`) the others are stored and the refused ones answered by index.
   */
  async track(
    workspaceId: string,
    items: Array<{ projectId: string; event: TrackedEvent }>,
    now: number,
    each = false,
  ): Promise<{ count: number; rejected: IngestRejection[] }> {
    const envelopes = items.map((item) => envelopeOf(item.projectId, item.event, now));
    if (!each) {
      await this.events.ingest(workspaceId, envelopes, now);
      return { count: envelopes.length, rejected: [] };
    }
    const { rejected } = await this.events.ingestEach(workspaceId, envelopes, now);
    return { count: envelopes.length - rejected.length, rejected };
  }

  stats = (scope: ProjectScope, from: number, now: number, groupBy: StatsGroupBy, series: StatsSeriesPage) =>
    getStats(this.reader, scope, from, now, groupBy, series);
  insights = (scope: ProjectScope, period: InsightPeriod, now: number) => getInsights(this.reader, scope, period, now);
  breakdown = (scope: ProjectScope, input: Parameters<typeof getBreakdown>[2]) => getBreakdown(this.reader, scope, input);
  heatmap = (scope: ProjectScope, from: number, now: number, timezone: string) => getHeatmap(this.reader, scope, from, now, timezone);
  eventLog = (scope: ProjectScope, input: Parameters<typeof listEvents>[2]) => listEvents(this.reader, scope, input);
  properties = (scope: ProjectScope, from: number, rows: number) => listProperties(this.reader, scope, from, rows);
  receivedProperties = (scope: ProjectScope, from: number, sample: number, limit: number) =>
    listReceivedProperties(this.reader, scope, from, sample, limit);
  live = (scope: ProjectScope, now: number, windowSeconds: number) => getLive(this.reader, scope, now, windowSeconds);
  sessions = (scope: ProjectScope, input: Parameters<typeof listSessions>[2]) => listSessions(this.reader, scope, input);
  sessionDistribution = (scope: ProjectScope, from: number) => sessionDistribution(this.reader, scope, from);
  pages = (scope: ProjectScope, input: { type: PageType; from: number; limit: number }) => getPages(this.reader, scope, input);
  funnel = (scope: ProjectScope, input: FunnelInput) => analyzeFunnel(this.reader, scope, input);
  retention = (scope: ProjectScope, input: RetentionInput) => getRetention(this.reader, scope, input);
  async query(scope: ProjectScope, input: FlexibleQuery) {
    if (fromRollups(input)) return runRollupQuery(this.counts, this.reader, scope, input);
    return (countryFromRollups(input) && (await runCountryRollupQuery(this.reader, scope, input))) || runQuery(this.reader, scope, input);
  }
}
