import type { AnalyticsReader } from '../analytics/reader.js';
import type { TimelineIndex } from './timeline-index.js';

export interface FunnelStep {
  name?: string;
  event: string;
}

export interface FunnelQuery {
  steps: FunnelStep[];
  from: number;
  to: number;
  conversionWindowMs: number;
  businessId?: string;
}

export interface FunnelStepResult {
  name: string;
  event: string;
  count: number;
  conversionRate: number;
  conversionFromStart: number;
  dropOff: number;
}

export interface FunnelResult {
  steps: FunnelStepResult[];
  overallConversionRate: number;
  from: number;
  to: number;
  conversionWindowHours: number;
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/**
 * Per-actor ordered funnel: an actor enters at their first step-1 event in [from, to] and converts on
 * each later step if it happens in order, at or after the previous step, within the window of entry.
 * Answered from the in-memory timeline index; above its size cap, by one SQL statement in which each step
 * scans only that event's covering-index range and probes the previous step's set, run on `reader` (the read
 * pool of an embedded file) so that it does not hold the event loop.
 */
export class FunnelService {
  constructor(
    private readonly reader: AnalyticsReader,
    private readonly timelines: TimelineIndex,
  ) {}

  async query(workspaceId: string, query: FunnelQuery): Promise<FunnelResult> {
    const values = (await this.timelines.funnelCounts(workspaceId, query)) ?? (await this.countWithSql(workspaceId, query));
    const first = values[0] ?? 0;
    const steps = query.steps.map((step, index) => {
      const count = values[index]!;
      const previous = index === 0 ? first : values[index - 1]!;
      return {
        name: step.name ?? step.event,
        event: step.event,
        count,
        conversionRate: ratio(count, previous),
        conversionFromStart: ratio(count, first),
        dropOff: previous - count,
      };
    });
    return {
      steps,
      overallConversionRate: ratio(values[values.length - 1] ?? 0, first),
      from: query.from,
      to: query.to,
      conversionWindowHours: query.conversionWindowMs / 3_600_000,
    };
  }

  /** The same counts computed by SQL alone (used above the index cap, and to cross-check it in tests). */
  async countWithSql(workspaceId: string, query: FunnelQuery): Promise<number[]> {
    const business = query.businessId ? ' AND e.business_id = ?' : '';
    const businessArgs = query.businessId ? [query.businessId] : [];
    const ctes: string[] = [
      `s0 AS MATERIALIZED (SELECT e.actor_id AS actor, min(e.ts) AS entered, min(e.ts) AS t FROM events e
        WHERE e.workspace_id = ? AND e.event = ? AND e.ts >= ? AND e.ts <= ? AND e.actor_id IS NOT NULL${business} GROUP BY e.actor_id)`,
    ];
    const args: Array<string | number> = [workspaceId, query.steps[0]!.event, query.from, query.to, ...businessArgs];
    for (let index = 1; index < query.steps.length; index += 1) {
      const step = query.steps[index]!;
      const after = step.event === query.steps[index - 1]!.event ? '>' : '>=';
      ctes.push(
        `s${index} AS MATERIALIZED (SELECT p.actor AS actor, p.entered AS entered, min(e.ts) AS t FROM events e CROSS JOIN s${index - 1} p ON p.actor = e.actor_id
          WHERE e.workspace_id = ? AND e.event = ? AND e.ts >= ? AND e.ts <= ? AND e.ts ${after} p.t AND e.ts <= p.entered + ?${business} GROUP BY p.actor)`,
      );
      args.push(workspaceId, step.event, query.from, query.to + query.conversionWindowMs, query.conversionWindowMs, ...businessArgs);
    }
    const counts = query.steps.map((_, index) => `(SELECT count(*) FROM s${index}) AS c${index}`).join(', ');
    const [row] = await this.reader.all(`WITH ${ctes.join(',\n')} SELECT ${counts}`, args);
    return query.steps.map((_, index) => Number(row?.[`c${index}`] ?? 0));
  }
}
