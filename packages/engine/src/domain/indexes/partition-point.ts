/**
 * The first index in [0, length) at which `before(index)` is false, for a predicate that is true up to some index and
 * false from there on (a sorted column searched for a bound). Binary search: log2(length) calls of `before`.
 * E.g. the first row at or after time t of ascending `ts`: `partitionPoint(ts.length, (i) => ts[i] < t)`.
 */
export function partitionPoint(length: number, before: (index: number) => boolean): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}
