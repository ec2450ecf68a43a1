import type { AttributionRepo, PathEvent } from './attribution-repo.js';

export const ATTRIBUTION_MODELS = ['first_touch', 'last_touch', 'linear', 'time_decay', 'position_based', 'data_driven'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];
export const DIMENSIONS = ['channel', 'campaign', 'medium', 'entity'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIRECT = 'direct';
export const NONE = '(none)';
const EVIDENCE = 2;

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

interface Conversion {
  event: PathEvent;
  touches: PathEvent[];
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

const valueOf = (touch: PathEvent, dimension: Dimension): string => touch[dimension] ?? NONE;

/**
 * Markov-chain removal effect over the paths of one dimension: states are the dimension's values; each converting
 * path is start → v1 → … → vn → conversion, each non-converting one start → … → null. P(conversion) from start is
 * solved exactly (Gaussian elimination over the transient states); removing a value sends its inflow to null.
 * Each value's share is its removal effect over the sum of all effects.
 */
export function removalShares(converting: readonly string[][], lost: readonly string[][]): Map<string, number> {
  const states = [...new Set([...converting, ...lost].flat())].sort();
  const index = new Map(states.map((state, i) => [state, i]));
  const n = states.length;
  const START = n;
  // counts[from][to]: to in 0..n-1 states, n = conversion, n+1 = null
  const counts = Array.from({ length: n + 1 }, () => new Float64Array(n + 2));
  const walk = (path: readonly string[], end: number) => {
    let at = START;
    for (const value of path) {
      const next = index.get(value)!;
      counts[at]![next]! += 1;
      at = next;
    }
    counts[at]![end]! += 1;
  };
  for (const path of converting) walk(path, n);
  for (const path of lost) walk(path, n + 1);
  const probability = (removed: number): number => {
    // unknowns p_0..p_{n-1}, p_start; p_s = Σ_t P(s,t) p_t + P(s,conv); removed state has p = 0
    const size = n + 1;
    const matrix = Array.from({ length: size }, () => new Float64Array(size + 1));
    for (let s = 0; s < size; s++) {
      const row = matrix[s]!;
      row[s] = 1;
      if (s === removed) continue;
      const outs = counts[s]!;
      let total = 0;
      for (let t = 0; t < n + 2; t++) total += outs[t]!;
      if (total === 0) continue;
      for (let t = 0; t < n; t++) if (t !== removed && outs[t]! > 0) row[t]! -= outs[t]! / total;
      row[size] = outs[n]! / total;
    }
    for (let col = 0; col < size; col++) {
      let pivot = col;
      for (let r = col + 1; r < size; r++) if (Math.abs(matrix[r]![col]!) > Math.abs(matrix[pivot]![col]!)) pivot = r;
      [matrix[col], matrix[pivot]] = [matrix[pivot]!, matrix[col]!];
      const lead = matrix[col]!;
      const div = lead[col]!;
      if (Math.abs(div) < 1e-15) continue;
      for (let c = col; c <= size; c++) lead[c]! /= div;
      for (let r = 0; r < size; r++) {
        if (r === col) continue;
        const factor = matrix[r]![col]!;
        if (factor === 0) continue;
        const row = matrix[r]!;
        for (let c = col; c <= size; c++) row[c]! -= factor * lead[c]!;
      }
    }
    return matrix[START]![size]!;
  };
  const base = probability(-1);
  const effects = states.map((_, i) => (base > 0 ? (base - probability(i)) / base : 0));
  const sum = effects.reduce((a, b) => a + b, 0);
  return new Map(states.map((state, i) => [state, sum > 0 ? effects[i]! / sum : 0]));
}

/**
 * Multi-touch attribution over the actors' paths (see the query_attribution tool for the rules).
 * Several conversions per actor: each conversion is credited the actor's touches in its lookback window that
 * came after the actor's previous conversion (a touch credits at most one conversion); touches after a
 * conversion are never credited to it; a conversion with no such touch is `direct`.
 */
export class AttributionService {
  constructor(readonly repo: AttributionRepo) {}

  async query(query: AttributionQuery): Promise<AttributionResult> {
    const conversionEvent = query.conversionEvent ?? 'order.created';
    const lookbackMs = query.lookbackMs ?? 30 * 86_400_000;
    const halfLifeMs = query.halfLifeMs ?? 7 * 86_400_000;
    const limit = query.limit ?? 10;
    const events = await this.repo.paths({ workspaceId: query.workspaceId, businessId: query.businessId, from: query.from, to: query.to, lookbackMs, conversionEvent });
    const conversions: Conversion[] = [];
    const lostPaths: PathEvent[][] = [];
    const actors = new Set<string>();
    let touchpoints = 0;
    for (let start = 0; start < events.length; ) {
      let end = start;
      while (end < events.length && events[end]!.actorId === events[start]!.actorId) end++;
      let pending: PathEvent[] = [];
      for (let i = start; i < end; i++) {
        const event = events[i]!;
        if (!event.conversion) {
          pending.push(event);
          continue;
        }
        if (event.ts < query.from) {
          pending = [];
          continue;
        }
        const touches = pending.filter((touch) => touch.ts >= event.ts - lookbackMs);
        conversions.push({ event, touches });
        actors.add(event.actorId);
        touchpoints += touches.length;
        pending = [];
      }
      const lost = pending.filter((touch) => touch.ts >= query.from);
      if (lost.length > 0) lostPaths.push(lost);
      start = end;
    }
    const direct = conversions.filter((conversion) => conversion.touches.length === 0);
    const totals: AttributionTotals = {
      conversions: conversions.length,
      revenue: round(conversions.reduce((sum, c) => sum + c.event.revenue, 0)),
      directConversions: direct.length,
      directRevenue: round(direct.reduce((sum, c) => sum + c.event.revenue, 0)),
      touchpoints,
      actors: actors.size,
    };
    const results = query.models.map((model) => {
      const dims = DIMENSIONS.map((dimension) => this.credit(model, dimension, conversions, lostPaths, halfLifeMs, totals, limit));
      return { model, bySource: dims[0]!, byCampaign: dims[1]!, byMedium: dims[2]!, byEntity: dims[3]! };
    });
    return { window: { from: query.from, to: query.to, lookbackMs, halfLifeMs, conversionEvent }, totals, results };
  }

  /** bySource, byCampaign and totals of one model: the shape another domain's summary reads. */
  async summary(input: { workspaceId: string; businessId?: string; from: number; to: number; model?: AttributionModel; limit?: number }) {
    const result = await this.query({ ...input, models: [input.model ?? 'linear'] });
    const first = result.results[0]!;
    return { model: first.model, bySource: first.bySource, byCampaign: first.byCampaign, totals: result.totals, window: result.window };
  }

  private credit(
    model: AttributionModel, dimension: Dimension, conversions: readonly Conversion[], lost: readonly PathEvent[][],
    halfLifeMs: number, totals: AttributionTotals, limit: number,
  ): AttributionRow[] {
    const rows = new Map<string, { conversions: number; revenue: number; touches: number; conversionIds: string[]; touchIds: string[] }>();
    const row = (value: string) => {
      let found = rows.get(value);
      if (!found) rows.set(value, (found = { conversions: 0, revenue: 0, touches: 0, conversionIds: [], touchIds: [] }));
      return found;
    };
    const cite = (list: string[], id: string) => {
      if (list.length < EVIDENCE && !list.includes(id)) list.push(id);
    };
    const shares = model === 'data_driven'
      ? removalShares(
          conversions.filter((c) => c.touches.length > 0).map((c) => c.touches.map((t) => valueOf(t, dimension))),
          lost.map((path) => path.map((t) => valueOf(t, dimension))),
        )
      : undefined;
    let attributed = 0;
    let attributedRevenue = 0;
    for (const conversion of conversions) {
      if (conversion.touches.length === 0) {
        const target = row(DIRECT);
        target.conversions += 1;
        target.revenue += conversion.event.revenue;
        cite(target.conversionIds, conversion.event.id);
        continue;
      }
      attributed += 1;
      attributedRevenue += conversion.event.revenue;
      const w = model === 'data_driven' ? undefined : weights(model, conversion.touches, conversion.event.ts, halfLifeMs);
      conversion.touches.forEach((touch, i) => {
        const target = row(valueOf(touch, dimension));
        target.touches += 1;
        cite(target.touchIds, touch.id);
        if (w && w[i]! > 0) {
          target.conversions += w[i]!;
          target.revenue += w[i]! * conversion.event.revenue;
          cite(target.conversionIds, conversion.event.id);
        } else if (!w) cite(target.conversionIds, conversion.event.id);
      });
    }
    if (shares) {
      for (const [value, share] of shares) {
        const target = rows.get(value);
        if (!target) continue;
        target.conversions = share * attributed;
        target.revenue = share * attributedRevenue;
      }
    }
    return [...rows.entries()]
      .map(([value, r]) => ({
        value,
        conversions: round(r.conversions),
        revenue: round(r.revenue),
        share: totals.conversions > 0 ? round(r.conversions / totals.conversions) : 0,
        touches: r.touches,
        conversionIds: r.conversionIds,
        touchIds: r.touchIds,
      }))
      .sort((a, b) => b.conversions - a.conversions || b.revenue - a.revenue || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, limit);
  }
}
