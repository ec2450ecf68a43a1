import type { PathSet } from './attribution-repo.js';
import type { AttributionModel, AttributionTotals, Dimension } from './attribution-service.js';

export const DIRECT = 'direct';
export const NONE = '(none)';
const EVIDENCE = 2;

const round = (value: number): number => Math.round(value * 10_000) / 10_000;

/**
 * Markov-chain removal effect over the paths of one dimension: states are the dimension's values; each converting
 * path is start → v1 → … → vn → conversion, each non-converting one start → … → null. P(conversion) from start is
 * solved exactly (Gaussian elimination over the transient states); removing a value sends its inflow to null.
 * Each value's share is its removal effect over the sum of all effects.
 */
export function removalShares(converting: readonly string[][], lost: readonly string[][]): Map<string, number> {
  const states = [...new Set([...converting, ...lost].flat())].sort();
  const index = new Map(states.map((state, i) => [state, i]));
  const chain = new TransitionCounts(states.length);
  for (const path of converting) chain.walk(path.map((value) => index.get(value)!), true);
  for (const path of lost) chain.walk(path.map((value) => index.get(value)!), false);
  return chain.shares(states);
}

/** Path counts of a Markov chain over `n` states: counts[from][to], to in 0..n-1 states, n = conversion, n+1 = null; from n = start. */
class TransitionCounts {
  readonly counts: Float64Array[];
  constructor(readonly n: number) {
    this.counts = Array.from({ length: n + 1 }, () => new Float64Array(n + 2));
  }

  walk(path: ArrayLike<number>, converted: boolean): void {
    let at = this.n;
    for (let i = 0; i < path.length; i++) {
      const next = path[i]!;
      this.counts[at]![next]! += 1;
      at = next;
    }
    this.counts[at]![converted ? this.n : this.n + 1]! += 1;
  }

  /** Each state's removal effect over the sum of all effects. */
  shares(states: readonly string[]): Map<string, number> {
    const { n, counts } = this;
    const START = n;
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
  }

/**
 * The credited conversions of a query: conversion k is row `conversions[k]`, credited the touch rows
 * `touches[touchStart[k]..touchStart[k+1])`; lost path j (touches of the range after an actor's last conversion) is
 * `lost[lostStart[j]..lostStart[j+1])`.
 */
export interface Paths {
  conversions: number[];
  touchStart: number[];
  touches: number[];
  lost: number[];
  lostStart: number[];
  actors: number;
}

/**
 * Several conversions per actor: each conversion is credited the actor's touches in its lookback window that came
 * after the actor's previous conversion; a conversion before `from` only ends the touches before it.
 */
export function walkPaths(set: PathSet, from: number, lookbackMs: number): Paths {
  const { order, actor, ts, conversion, dimensions } = set;
  const paths: Paths = { conversions: [], touchStart: [], touches: [], lost: [], lostStart: [], actors: 0 };
  const pending: number[] = [];
  for (let start = 0; start < order.length; ) {
    const who = actor[order[start]!]!;
    let end = start;
    while (end < order.length && actor[order[end]!] === who) end++;
    pending.length = 0;
    let converted = false;
    for (let i = start; i < end; i++) {
      const row = order[i]!;
      if (conversion[row] !== 1) {
        pending.push(row);
        continue;
      }
      const at = ts[row]!;
      if (at < from) {
        pending.length = 0;
        continue;
      }
      paths.conversions.push(row);
      paths.touchStart.push(paths.touches.length);
      const floor = at - lookbackMs;
      const first = paths.touches.length;
      for (const touch of pending) if (ts[touch]! >= floor) paths.touches.push(touch);
      // A conversion that carries its own channel or campaign (an order placed from a UTM landing page, a connector's
      // order with its source, `ha track order.created '{"source":"bag_qr",...}'`) and has no earlier touch in its
      // window is its own one-touch path rather than `direct`.
      if (paths.touches.length === first && (dimensions.channel[row]! >= 0 || dimensions.campaign[row]! >= 0)) paths.touches.push(row);
      converted = true;
      pending.length = 0;
    }
    let lost = false;
    for (const touch of pending) {
      if (ts[touch]! < from) continue;
      if (!lost) paths.lostStart.push(paths.lost.length), (lost = true);
      paths.lost.push(touch);
    }
    if (converted) paths.actors += 1;
    start = end;
  }
  paths.touchStart.push(paths.touches.length);
  paths.lostStart.push(paths.lost.length);
  return paths;
}

export interface CreditRow {
  value: string;
  conversions: number;
  revenue: number;
  share: number;
  touches: number;
  conversionKeys: number[];
  touchKeys: number[];
}

/** Credit, revenue, touches and the first evidence rows per value of one dimension under one model. */
export function credit(model: AttributionModel, dimension: Dimension, set: PathSet, paths: Paths, halfLifeMs: number, totals: AttributionTotals, limit: number): CreditRow[] {
  const codes = set.dimensions[dimension];
  const { revenue, ts, key } = set;
  // Accumulators per value; `slot` maps a value code (+1; 0 is no value) to its accumulator, made on first use.
  const values: string[] = [];
  const byValue = new Map<string, number>();
  const conversionsOf: number[] = [];
  const revenueOf: number[] = [];
  const touchesOf: number[] = [];
  const conversionKeys: number[][] = [];
  const touchKeys: number[][] = [];
  const accumulator = (value: string) => {
    let found = byValue.get(value);
    if (found === undefined) {
      byValue.set(value, (found = values.push(value) - 1));
      conversionsOf.push(0), revenueOf.push(0), touchesOf.push(0), conversionKeys.push([]), touchKeys.push([]);
    }
    return found;
  };
  const slot = new Int32Array(set.values.length + 1).fill(-1);
  const slotOf = (code: number) => {
    let found = slot[code + 1]!;
    if (found < 0) slot[code + 1] = found = accumulator(code < 0 ? NONE : set.values[code]!);
    return found;
  };
  const cite = (list: number[], id: number) => {
    if (list.length < EVIDENCE && !list.includes(id)) list.push(id);
  };
  let shares: Map<string, number> | undefined;
  if (model === 'data_driven') shares = markovShares(codes, set.values, paths);
  let attributed = 0;
  let attributedRevenue = 0;
  let direct = -1;
  let weight = new Float64Array(16);
  for (let k = 0; k < paths.conversions.length; k++) {
    const conversion = paths.conversions[k]!;
    const first = paths.touchStart[k]!;
    const n = paths.touchStart[k + 1]! - first;
    const amount = revenue[conversion]!;
    if (n === 0) {
      if (direct < 0) direct = accumulator(DIRECT);
      conversionsOf[direct]! += 1;
      revenueOf[direct]! += amount;
      cite(conversionKeys[direct]!, key[conversion]!);
      continue;
    }
    attributed += 1;
    attributedRevenue += amount;
    if (!shares) {
      if (weight.length < n) weight = new Float64Array(n * 2);
      fillWeights(model as Exclude<AttributionModel, 'data_driven'>, paths.touches, first, n, ts, ts[conversion]!, halfLifeMs, weight);
    }
    for (let i = 0; i < n; i++) {
      const touch = paths.touches[first + i]!;
      const target = slotOf(codes[touch]!);
      touchesOf[target]! += 1;
      cite(touchKeys[target]!, key[touch]!);
      if (!shares) {
        const w = weight[i]!;
        if (w > 0) {
          conversionsOf[target]! += w;
          revenueOf[target]! += w * amount;
          cite(conversionKeys[target]!, key[conversion]!);
        }
      } else cite(conversionKeys[target]!, key[conversion]!);
    }
  }
  if (shares) {
    for (const [value, share] of shares) {
      const target = byValue.get(value);
      if (target === undefined) continue;
      conversionsOf[target] = share * attributed;
      revenueOf[target] = share * attributedRevenue;
    }
  }
  return values
    .map((value, i) => ({
      value,
      conversions: round(conversionsOf[i]!),
      revenue: round(revenueOf[i]!),
      share: totals.conversions > 0 ? round(conversionsOf[i]! / totals.conversions) : 0,
      touches: touchesOf[i]!,
      conversionKeys: conversionKeys[i]!,
      touchKeys: touchKeys[i]!,
    }))
    .sort((a, b) => b.conversions - a.conversions || b.revenue - a.revenue || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, limit);
}

/** `weights` over touch rows `touches[first..first+n)` into `into` (the same arithmetic, without objects). */
function fillWeights(
  model: Exclude<AttributionModel, 'data_driven'>, touches: readonly number[], first: number, n: number, ts: ArrayLike<number>, at: number, halfLifeMs: number, into: Float64Array,
): void {
  if (n === 1) {
    into[0] = 1;
    return;
  }
  switch (model) {
    case 'first_touch':
      for (let i = 0; i < n; i++) into[i] = i === 0 ? 1 : 0;
      return;
    case 'last_touch':
      for (let i = 0; i < n; i++) into[i] = i === n - 1 ? 1 : 0;
      return;
    case 'linear':
      for (let i = 0; i < n; i++) into[i] = 1 / n;
      return;
    case 'position_based':
      if (n === 2) {
        into[0] = into[1] = 0.5;
        return;
      }
      for (let i = 0; i < n; i++) into[i] = i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2);
      return;
    case 'time_decay': {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += into[i] = Math.pow(2, -(at - ts[touches[first + i]!]!) / halfLifeMs);
      for (let i = 0; i < n; i++) into[i] = into[i]! / sum;
      return;
    }
  }
}

/** `removalShares` of the converting and lost paths of one dimension, walked by value code. */
function markovShares(codes: ArrayLike<number>, dictionary: readonly string[], paths: Paths): Map<string, number> {
  // States are the distinct value texts (no value is NONE), sorted as removalShares sorts them.
  const textOf = (code: number) => (code < 0 ? NONE : dictionary[code]!);
  const seen = new Uint8Array(dictionary.length + 1);
  const texts = new Set<string>();
  const mark = (list: readonly number[]) => {
    for (const touch of list) {
      const code = codes[touch]!;
      if (seen[code + 1] === 0) (seen[code + 1] = 1), texts.add(textOf(code));
    }
  };
  mark(paths.touches);
  mark(paths.lost);
  const states = [...texts].sort();
  const index = new Map(states.map((state, i) => [state, i]));
  const stateOf = new Int32Array(dictionary.length + 1).fill(-1);
  for (let code = -1; code < dictionary.length; code++) if (seen[code + 1] === 1) stateOf[code + 1] = index.get(textOf(code))!;
  const chain = new TransitionCounts(states.length);
  const walk = (list: readonly number[], from: number, to: number, converted: boolean) => {
    const path = new Int32Array(to - from);
    for (let i = from; i < to; i++) path[i - from] = stateOf[codes[list[i]!]! + 1]!;
    chain.walk(path, converted);
  };
  for (let k = 0; k < paths.conversions.length; k++) {
    const from = paths.touchStart[k]!;
    const to = paths.touchStart[k + 1]!;
    if (to > from) walk(paths.touches, from, to, true);
  }
  for (let j = 0; j + 1 < paths.lostStart.length; j++) walk(paths.lost, paths.lostStart[j]!, paths.lostStart[j + 1]!, false);
  return chain.shares(states);
}
