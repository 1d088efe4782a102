import { describe, expect, it } from 'vitest';
import { binomialTest, lnBinomUpperTail, lnFactorial, lnGamma, quantile } from './stats.ts';

/** The tail by plain summation of exact binomial terms (BigInt coefficients): the check. */
function naiveTail(k: number, n: number, p: number): number {
  let total = 0;
  let c = 1n;
  for (let i = 0; i <= n; i++) {
    if (i > 0) c = (c * BigInt(n - i + 1)) / BigInt(i);
    if (i >= k) total += Number(c) * p ** i * (1 - p) ** (n - i);
  }
  return total;
}

describe('exact binomial tail', () => {
  it('lnGamma and lnFactorial agree with known values', () => {
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(lnGamma(11)).toBeCloseTo(Math.log(3628800), 10);
    expect(lnFactorial(20)).toBeCloseTo(Math.log(2432902008176640000), 10);
    expect(lnFactorial(2000)).toBeCloseTo(lnGamma(2001), 8);
  });

  it('matches plain summation on small cases, above and below the mode', () => {
    for (const [k, n, p] of [
      [3, 10, 0.2],
      [1, 10, 0.2],
      [0, 5, 0.5],
      [9, 75, 0.02],
      [40, 100, 0.35],
      [20, 30, 0.9],
    ] as const) {
      const got = Math.exp(lnBinomUpperTail(k, n, p));
      expect(got, `${k}/${n} at ${p}`).toBeCloseTo(naiveTail(k, n, p), 12);
    }
  });

  it('stays exact for tiny p-values: P(X ≥ n) is p^n', () => {
    const t = binomialTest(60, 60, 1e-3);
    expect(t.log10_p).toBeCloseTo(-180, 9);
    // Below the smallest double, the log still carries the figure.
    const u = binomialTest(200, 200, 1e-3);
    expect(u.p_value).toBe(0);
    expect(u.log10_p).toBeCloseTo(-600, 8);
  });

  it('one-sided: no evidence of over-representation gives p near 1', () => {
    expect(binomialTest(0, 100, 0.3).p_value).toBe(1);
    expect(binomialTest(25, 100, 0.3).p_value).toBeGreaterThan(0.8);
  });

  it('quantiles interpolate as R type 7', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([], 0.5)).toBeNull();
  });
});
