import { describe, expect, it } from 'vitest';
import { assignVariant, fnv1a } from './assignment.js';
import { chiSquareGoodnessOfFit, logGamma, normalCdf, probabilityToBeatControl, twoProportionPValue } from './stats.js';

describe('experiment statistics', () => {
  it('normal CDF and log-gamma match reference values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 10);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 10);
  });

  it('two-proportion z-test: two-sided p-values', () => {
    // 1/4 vs 3/4: pooled 0.5, z = 1.41421
    expect(twoProportionPValue(1, 4, 3, 4)).toBeCloseTo(0.157299, 5);
    // 200/1000 vs 250/1000: pooled 0.225, z = 2.6774, p = 0.00742
    expect(twoProportionPValue(200, 1000, 250, 1000)).toBeCloseTo(0.00742, 5);
    expect(twoProportionPValue(0, 10, 0, 10)).toBeNull();
    expect(twoProportionPValue(1, 0, 1, 10)).toBeNull();
  });

  it('probability to beat control: exact sum and its normal approximation agree with numeric integration', () => {
    expect(probabilityToBeatControl(1, 4, 3, 4)).toBeCloseTo(0.8968, 3);
    expect(probabilityToBeatControl(5, 10, 5, 10)).toBeCloseTo(0.5, 10);
    // Above 5,000 conversions the normal approximation is used; a tiny edge is still ~0.5, a big one ~1.
    expect(probabilityToBeatControl(6000, 60_000, 6000, 60_000)).toBeCloseTo(0.5, 6);
    expect(probabilityToBeatControl(6000, 60_000, 7000, 60_000)).toBeGreaterThan(0.9999);
  });

  it('chi-square goodness of fit for sample ratio mismatch', () => {
    expect(chiSquareGoodnessOfFit([50, 50], [0.5, 0.5])).toEqual({ chiSquare: 0, pValue: 1 });
    const skewed = chiSquareGoodnessOfFit([30, 10], [0.5, 0.5])!;
    expect(skewed.chiSquare).toBeCloseTo(10, 10);
    expect(skewed.pValue).toBeCloseTo(0.0015654, 6); // erfc(sqrt(5))
    const three = chiSquareGoodnessOfFit([30, 0, 0], [0.5, 0.25, 0.25])!;
    expect(three.chiSquare).toBeCloseTo(30, 10);
    expect(three.pValue).toBeCloseTo(Math.exp(-15), 10); // 2 degrees of freedom: p = e^(-x/2)
    expect(chiSquareGoodnessOfFit([0, 0], [0.5, 0.5])).toBeNull();
  });

  it('assignment is deterministic and follows the weights', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    const variants = [{ name: 'control', weight: 0.7 }, { name: 'new', weight: 0.3 }];
    expect(assignVariant('cta', 'user-1', variants)).toBe(assignVariant('cta', 'user-1', variants));
    let control = 0;
    for (let user = 0; user < 10_000; user += 1) if (assignVariant('cta', `user-${user}`, variants) === 'control') control += 1;
    expect(control / 10_000).toBeGreaterThan(0.68);
    expect(control / 10_000).toBeLessThan(0.72);
  });
});
