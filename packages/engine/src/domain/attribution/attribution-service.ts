import type { AttributionRepo, PathEvent } from './attribution-repo.js';
import { credit, walkPaths, type CreditRow } from './credit.js';

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'data_driven'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];
export const DIMENSIONS = ['channel', 'campaign', 'medium', 'entity'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export { DIRECT, NONE, removalShares } from './credit.js';

export interface AttributionQuery {
  workspaceId: string;
  businessId?: string | undefined;
  from: number;
  to: number;
  models: readonly AttributionModel[];
  conversionEvent?: string;
  lookbackMs?: number;
  halfLifeMs?: number;
  limit?: number;
}

export interface AttributionRow {
  value: string;
  conversions: number;
  revenue: number;
  share: number;
  touches: number;
  conversionIds: string[];
  touchIds: string[];
}

export interface ModelResult {
  model: AttributionModel;
  bySource: AttributionRow[];
  byCampaign: AttributionRow[];
  byMedium: AttributionRow[];
  byEntity: AttributionRow[];
}

export interface AttributionTotals {
  conversions: number;
  revenue: number;
  directConversions: number;
  directRevenue: number;
  touchpoints: number;
  actors: number;
}

export interface AttributionResult {
  window: { from: number; to: number; lookbackMs: number; halfLifeMs: number; conversionEvent: string };
  totals: AttributionTotals;
  results: ModelResult[];
}

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/** Weights of each touch of one path (summing to 1) under a rule-based model. */
export function weights(model: Exclude<AttributionModel, 'data_driven'>, touches: readonly PathEvent[], at: number, halfLifeMs: number): number[] {
  const n = touches.length;
  if (n === 1) return [1];
  switch (model) {
    case 'first_touch':
      return touches.map((_, index) => (index === 0 ? 1 : 0));
    case 'last_touch':
      return touches.map((_, index) => (index === n - 1 ? 1 : 0));
    case 'linear':
      return touches.map(() => 1 / n);
    case 'position_based':
      if (n === 2) return [0.5, 0.5];
      return touches.map((_, index) => (index === 0 || index === n - 1 ? 0.4 : 0.2 / (n - 2)));
    case 'time_decay': {
      const raw = touches.map((touch) => Math.pow(2, -(at - touch.ts) / halfLifeMs));
      const sum = raw.reduce((a, b) => a + b, 0);
      return raw.map((w) => w / sum);
    }
  }
}

/**
 * Multi-touch attribution over the actors' paths (see the query_attribution tool for the rules).
 * Several conversions per actor: each conversion is credited the actor's touches in its lookback window that
 * came after the actor's previous conversion (a touch credits at most one conversion); touches after a
 * conversion are never credited to it; a conversion with no such touch is `direct`.
 */
export class AttributionService {
  constructor(readonly repo: AttributionRepo) {}

  async query(query: AttributionQuery, dimensions: readonly Dimension[] = DIMENSIONS): Promise<AttributionResult> {
    const conversionEvent = query.conversionEvent ?? 'order.created';
    const lookbackMs = query.lookbackMs ?? 30 * 86_400_000;
    const halfLifeMs = query.halfLifeMs ?? 7 * 86_400_000;
    const limit = query.limit ?? 10;
    const set = await this.repo.paths({ workspaceId: query.workspaceId, businessId: query.businessId, from: query.from, to: query.to, lookbackMs, conversionEvent });
    const paths = walkPaths(set, query.from, lookbackMs);
    const totals: AttributionTotals = {
      conversions: paths.conversions.length,
      revenue: 0,
      directConversions: 0,
      directRevenue: 0,
      touchpoints: paths.touches.length,
      actors: paths.actors,
    };
    let revenue = 0;
    let directRevenue = 0;
    for (let k = 0; k < paths.conversions.length; k++) {
      const value = set.revenue[paths.conversions[k]!]!;
      revenue += value;
      if (paths.touchStart[k] === paths.touchStart[k + 1]) {
        totals.directConversions += 1;
        directRevenue += value;
      }
    }
    totals.revenue = round(revenue);
    totals.directRevenue = round(directRevenue);
    const credited = query.models.map((model) => {
      const byDimension = new Map(dimensions.map((dimension) => [dimension, credit(model, dimension, set, paths, halfLifeMs, totals, limit)]));
      return { model, byDimension };
    });
    // The few rows cited as evidence, resolved to event ids in one read.
    const keys = new Set<number>();
    for (const { byDimension } of credited) {
      for (const rows of byDimension.values()) for (const row of rows) for (const key of [...row.conversionKeys, ...row.touchKeys]) keys.add(key);
    }
    const ids = await set.ids([...keys]);
    const rowsOf = (rows: CreditRow[] | undefined): AttributionRow[] =>
      (rows ?? []).map(({ conversionKeys, touchKeys, ...row }) => ({ ...row, conversionIds: conversionKeys.map((key) => ids.get(key)!), touchIds: touchKeys.map((key) => ids.get(key)!) }));
    const results = credited.map(({ model, byDimension }) => ({
      model,
      bySource: rowsOf(byDimension.get('channel')),
      byCampaign: rowsOf(byDimension.get('campaign')),
      byMedium: rowsOf(byDimension.get('medium')),
      byEntity: rowsOf(byDimension.get('entity')),
    }));
    return { window: { from: query.from, to: query.to, lookbackMs, halfLifeMs, conversionEvent }, totals, results };
  }

  /** bySource, byCampaign and totals of one model: the shape another domain's summary reads. */
  async summary(input: { workspaceId: string; businessId?: string; from: number; to: number; model?: AttributionModel; limit?: number }): Promise<AttributionSummary> {
    const result = await this.query({ ...input, models: [input.model ?? 'linear'] }, ['channel', 'campaign']);
    const first = result.results[0]!;
    return { model: first.model, bySource: first.bySource, byCampaign: first.byCampaign, totals: result.totals, window: result.window };
  }
}

export interface AttributionSummary {
  model: AttributionModel;
  bySource: AttributionRow[];
  byCampaign: AttributionRow[];
  totals: AttributionTotals;
  window: AttributionResult['window'];
}

