import { describe, expect, it } from 'vitest';
import { partitionPoint } from './partition-point.js';

describe('partitionPoint', () => {
  const ts = [1, 3, 3, 3, 7, 9];
  it('finds the first index where the predicate turns false', () => {
    expect(partitionPoint(ts.length, (i) => ts[i]! < 3)).toBe(1);
    expect(partitionPoint(ts.length, (i) => ts[i]! <= 3)).toBe(4);
    expect(partitionPoint(ts.length, (i) => ts[i]! < 8)).toBe(5);
  });
  it('answers 0 when it is false at once and length when it never turns', () => {
    expect(partitionPoint(ts.length, (i) => ts[i]! < 0)).toBe(0);
    expect(partitionPoint(ts.length, (i) => ts[i]! < 100)).toBe(ts.length);
    expect(partitionPoint(0, () => true)).toBe(0);
  });
  it('agrees with a linear scan on every bound of a long sorted column', () => {
    const column = Array.from({ length: 500 }, (_, index) => Math.floor(index / 3));
    for (let value = -1; value <= 170; value += 1) {
      expect(partitionPoint(column.length, (i) => column[i]! < value)).toBe(column.findIndex((item) => item >= value) === -1 ? column.length : column.findIndex((item) => item >= value));
    }
  });
});
