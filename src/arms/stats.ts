/**
 * Exact tests for composition against a baseline, computed in log space so that the
 * tiny p-values of a strongly over-represented model (1e-40 and below) stay exact
 * instead of rounding to 0.
 */

// Lanczos approximation of ln Γ(x), g = 7, n = 9: Press et al., "Numerical Recipes",
// 3rd ed. (2007), §6.1; coefficients as in Godfrey's table. Relative error ~1e-15.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const LN_FACT_CACHE: number[] = [0];
/** ln n!: summed exactly for small n (where Lanczos loses digits in differences), Lanczos above. */
export function lnFactorial(n: number): number {
  if (n < 0 || !Number.isInteger(n)) throw new RangeError(`lnFactorial of ${n}`);
  if (n < 1024) {
    for (let i = LN_FACT_CACHE.length; i <= n; i++)
      LN_FACT_CACHE[i] = LN_FACT_CACHE[i - 1]! + Math.log(i);
    return LN_FACT_CACHE[n]!;
  }
  return lnGamma(n + 1);
}

/** ln P(X = k) for X ~ Binomial(n, p). */
export function lnBinomPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return -Infinity;
  if (p <= 0) return k === 0 ? 0 : -Infinity;
  if (p >= 1) return k === n ? 0 : -Infinity;
  return (
    lnFactorial(n) -
    lnFactorial(k) -
    lnFactorial(n - k) +
    k * Math.log(p) +
    (n - k) * Math.log1p(-p)
  );
}

/** ln(e^a + e^b) without overflow. */
function lnAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * ln P(X ≥ k) for X ~ Binomial(n, p): the one-sided exact test of over-representation.
 * Above the mode the terms fall monotonically from k, so the sum runs upward from k and
 * stops once a term is 1e-20 of the total. At or below the mode the tail is large and is
 * taken as 1 − P(X ≤ k − 1), summed downward the same way, to keep its precision.
 */
export function lnBinomUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n) return -Infinity;
  if (p <= 0) return -Infinity;
  if (p >= 1) return 0;
  const mode = Math.floor((n + 1) * p);
  const STOP = Math.log(1e-20);
  if (k > mode) {
    let total = -Infinity;
    for (let i = k; i <= n; i++) {
      const t = lnBinomPmf(i, n, p);
      total = lnAdd(total, t);
      if (t - total < STOP) break;
    }
    return total;
  }
  let lower = -Infinity;
  for (let i = k - 1; i >= 0; i--) {
    const t = lnBinomPmf(i, n, p);
    lower = lnAdd(lower, t);
    if (i < mode && t - lower < STOP) break;
  }
  return Math.log1p(-Math.min(1, Math.exp(lower)));
}

export interface BinomialTest {
  /** P(X ≥ k): may underflow to 0 for extreme cases; `log10_p` never does. */
  p_value: number;
  log10_p: number;
}

export function binomialTest(k: number, n: number, p: number): BinomialTest {
  const ln = lnBinomUpperTail(k, n, p);
  return { p_value: Math.exp(ln), log10_p: ln / Math.LN10 };
}

/**
 * Quantile of sorted values by linear interpolation between closest ranks (Hyndman &
 * Fan 1996, definition 7, the default of R and NumPy), so that figures match theirs.
 */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
