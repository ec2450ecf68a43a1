/**
 * Deterministic variant assignment, identical in the engine and in tracker.js: FNV-1a (32-bit) over the
 * UTF-16 code units of `<experiment name>:<user id>`, scaled to [0, 1), walked through the cumulative
 * weights. The same user always gets the same variant of an experiment, on any device that knows the id.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export interface WeightedVariant {
  name: string;
  /** Share of traffic, 0–1; the shares of an experiment sum to 1. */
  weight: number;
}

export function assignVariant(experimentName: string, userId: string, variants: readonly WeightedVariant[]): string {
  const point = fnv1a(`${experimentName}:${userId}`) / 4_294_967_296;
  let cumulative = 0;
  for (const variant of variants) {
    cumulative += variant.weight;
    if (point < cumulative) return variant.name;
  }
  return variants[variants.length - 1]!.name;
}
