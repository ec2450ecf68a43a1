/** Statistics for A/B results: closed forms and standard numerical approximations, no sampling. */

/** Standard normal CDF, through erfc. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Complementary error function, Numerical Recipes' Chebyshev fit (relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 +
        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** ln Γ(x), Lanczos approximation (g = 7, n = 9). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = c[0]!;
  for (let i = 1; i < 9; i += 1) sum += c[i]! / (shifted + i);
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * Two-sided p-value of the pooled two-proportion z-test (variant B against control A); null when it is
 * undefined (an arm without exposures, or no variance: both rates 0 or both 1).
 */
export function twoProportionPValue(conversionsA: number, exposuresA: number, conversionsB: number, exposuresB: number): number | null {
  if (exposuresA === 0 || exposuresB === 0) return null;
  const pooled = (conversionsA + conversionsB) / (exposuresA + exposuresB);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / exposuresA + 1 / exposuresB));
  if (standardError === 0) return null;
  const z = (conversionsB / exposuresB - conversionsA / exposuresA) / standardError;
  return Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
}

/**
 * P(rate_B > rate_A) with uniform Beta(1, 1) priors: Evan Miller's exact sum for moderate counts, the
 * normal approximation of the two Beta posteriors beyond that.
 */
export function probabilityToBeatControl(conversionsA: number, exposuresA: number, conversionsB: number, exposuresB: number): number {
  const alphaA = conversionsA + 1;
  const betaA = exposuresA - conversionsA + 1;
  const alphaB = conversionsB + 1;
  const betaB = exposuresB - conversionsB + 1;
  if (alphaB <= 5_000) {
    let total = 0;
    for (let i = 0; i < alphaB; i += 1) {
      total += Math.exp(logBeta(alphaA + i, betaA + betaB) - Math.log(betaB + i) - logBeta(1 + i, betaB) - logBeta(alphaA, betaA));
    }
    return Math.min(1, Math.max(0, total));
  }
  const moments = (a: number, b: number) => [a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1))] as const;
  const [meanA, varianceA] = moments(alphaA, betaA);
  const [meanB, varianceB] = moments(alphaB, betaB);
  return normalCdf((meanB - meanA) / Math.sqrt(varianceA + varianceB));
}

/** Regularized upper incomplete gamma Q(a, x) (Numerical Recipes: series below a + 1, continued fraction above). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 500; n += 1) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 500; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Pearson's chi-square goodness-of-fit of observed counts to expected shares; p from k − 1 degrees of freedom. */
export function chiSquareGoodnessOfFit(observed: readonly number[], shares: readonly number[]): { chiSquare: number; pValue: number } | null {
  const total = observed.reduce((sum, value) => sum + value, 0);
  if (total === 0 || observed.length < 2) return null;
  let chiSquare = 0;
  for (const [index, count] of observed.entries()) {
    const expected = total * shares[index]!;
    if (expected > 0) chiSquare += (count - expected) ** 2 / expected;
  }
  return { chiSquare, pValue: Math.min(1, Math.max(0, upperGamma((observed.length - 1) / 2, chiSquare / 2))) };
}
