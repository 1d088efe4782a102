import { CALIBRATION_MAP } from './calibration-map.ts';

/**
 * From the engine's raw score (the best weighted name feature plus the facts, 0–1: an
 * order, not a probability) to a calibrated one: the share of hits of that raw score that
 * are the listed entity. The map is Platt scaling (Platt, "Probabilistic outputs for
 * support vector machines", 1999) of the raw score's logit: p = 1 / (1 + exp(−(a·logit(raw)
 * + b))), that is p/(1−p) = e^b·(raw/(1−raw))^a, the one-shape case of beta calibration
 * (Kull, Silva Filho & Flach, "Beta calibration", AISTATS 2017), which follows a score
 * bounded by 0 and 1 better than a logistic in the raw score itself (on the development
 * set: log loss 0.116 against 0.131, expected calibration error 0.023 against 0.043). Two
 * parameters, fitted by maximum likelihood on labelled hits (Newton's method with Platt's
 * smoothed targets, as Lin, Lin & Weng, "A note on Platt's probabilistic outputs", 2007,
 * write it); a smooth, monotone curve, so that it carries to lists it was not fitted on.
 * Isotonic regression (pool-adjacent-violators, Zadrozny & Elkan 2002) is fitted beside it
 * by `eval/calibrate.ts` only to check it: its steps follow one set's counts.
 *
 * Monotone: a raw threshold and a calibrated one are the same cut (`rawThreshold`), so
 * inner loops compare raw scores and only reported scores are mapped.
 */
export interface CalibrationMap {
  method: 'platt-logit';
  a: number;
  b: number;
  /** What it was fitted on: the set, the number of labelled hits and how many were true. */
  fitted_on: string;
  hits: number;
  true_hits: number;
}

/** Raw scores are read within these bounds (the logit of 0 or 1 is infinite). */
export const RAW_FLOOR = 0.001;
export const RAW_CEILING = 0.995;

/** The input of the map: the logit of the raw score within [RAW_FLOOR, RAW_CEILING]. */
export function rawLogit(raw: number): number {
  const r = Math.min(RAW_CEILING, Math.max(RAW_FLOOR, raw));
  return Math.log(r / (1 - r));
}

/** The calibrated score of a raw one (0 stays 0: a pair that cannot match, a schema mismatch). */
export function calibrate(raw: number, map: CalibrationMap = CALIBRATION_MAP): number {
  if (raw <= 0) return 0;
  return 1 / (1 + Math.exp(-(map.a * rawLogit(raw) + map.b)));
}

/**
 * The raw score at which the calibrated score reaches `t`: the cut inner loops compare raw
 * scores against. Infinite (nothing passes) above the highest calibrated score.
 */
export function rawThreshold(t: number, map: CalibrationMap = CALIBRATION_MAP): number {
  if (t <= 0) return 0;
  if (t > calibrate(1, map)) return Infinity;
  const x = (Math.log(t / (1 - t)) - map.b) / map.a;
  return Math.min(RAW_CEILING, 1 / (1 + Math.exp(-x)));
}

/** A labelled hit: its raw score and whether it is the listed entity. */
export interface LabelledScore {
  raw: number;
  label: boolean;
}

/**
 * The map's two parameters (on the raw score's logit) by maximum likelihood (Lin, Lin & Weng 2007, algorithm 1): Newton
 * steps with a backtracking line search, targets smoothed to (N₊+1)/(N₊+2) and
 * 1/(N₋+2) so that a perfectly separated set does not drive the slope to infinity.
 */
export function fitPlatt(samples: readonly LabelledScore[]): { a: number; b: number } {
  const pos = samples.filter((s) => s.label).length;
  const neg = samples.length - pos;
  const hiT = (pos + 1) / (pos + 2);
  const loT = 1 / (neg + 2);
  const t = samples.map((s) => (s.label ? hiT : loT));
  const x = samples.map((s) => rawLogit(s.raw));
  // Lin et al. write f·A + B with p = 1/(1+exp(fA+B)); here p = 1/(1+exp(−(a·raw+b))): A = −a.
  let A = 0;
  let B = Math.log((neg + 1) / (pos + 1));
  const objective = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const fApB = x[i]! * a + b;
      f +=
        fApB >= 0
          ? t[i]! * fApB + Math.log1p(Math.exp(-fApB))
          : (t[i]! - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return f;
  };
  let fval = objective(A, B);
  for (let it = 0; it < 100; it++) {
    let h11 = 1e-12;
    let h22 = 1e-12;
    let h21 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = 0; i < x.length; i++) {
      const fApB = x[i]! * A + B;
      const p = fApB >= 0 ? Math.exp(-fApB) / (1 + Math.exp(-fApB)) : 1 / (1 + Math.exp(fApB));
      const q = 1 - p;
      const d2 = p * q;
      h11 += x[i]! * x[i]! * d2;
      h22 += d2;
      h21 += x[i]! * d2;
      const d1 = t[i]! - p;
      g1 += x[i]! * d1;
      g2 += d1;
    }
    if (Math.abs(g1) < 1e-7 && Math.abs(g2) < 1e-7) break;
    const det = h11 * h22 - h21 * h21;
    const dA = -(h22 * g1 - h21 * g2) / det;
    const dB = -(-h21 * g1 + h11 * g2) / det;
    const gd = g1 * dA + g2 * dB;
    let step = 1;
    while (step >= 1e-10) {
      const nA = A + step * dA;
      const nB = B + step * dB;
      const nf = objective(nA, nB);
      if (nf < fval + 1e-4 * step * gd) {
        A = nA;
        B = nB;
        fval = nf;
        break;
      }
      step /= 2;
    }
    if (step < 1e-10) break;
  }
  return { a: -A, b: -B };
}

/**
 * Isotonic regression by pool-adjacent-violators (Ayer et al. 1955; for calibration,
 * Zadrozny & Elkan 2002): the non-decreasing step function of raw score closest to the
 * labels. Returns the steps as [upper raw score, share true, hits].
 */
export function fitIsotonic(samples: readonly LabelledScore[]): [number, number, number][] {
  const sorted = [...samples].sort((p, q) => p.raw - q.raw);
  const blocks: { hi: number; sum: number; n: number }[] = [];
  for (const s of sorted) {
    blocks.push({ hi: s.raw, sum: s.label ? 1 : 0, n: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1]!;
      const prev = blocks[blocks.length - 2]!;
      if (prev.sum / prev.n < last.sum / last.n) break;
      prev.sum += last.sum;
      prev.n += last.n;
      prev.hi = last.hi;
      blocks.pop();
    }
  }
  return blocks.map((b) => [b.hi, b.sum / b.n, b.n]);
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  hits: number;
  true: number;
  meanScore: number;
}

/**
 * The reliability curve (Niculescu-Mizil & Caruana 2005): scores binned, each bin's hits,
 * true hits and mean score; a calibrated score's bins have a share true near their mean.
 */
export function reliabilityBins(
  scored: readonly { score: number; label: boolean }[],
  edges: readonly number[],
): ReliabilityBin[] {
  const bins = edges
    .slice(0, -1)
    .map((lo, i) => ({ lo, hi: edges[i + 1]!, hits: 0, true: 0, meanScore: 0 }));
  for (const s of scored) {
    const b = bins.find((x, i) => s.score >= x.lo && (s.score < x.hi || i === bins.length - 1));
    if (!b) continue;
    b.hits++;
    b.meanScore += s.score;
    if (s.label) b.true++;
  }
  for (const b of bins) b.meanScore = b.hits ? b.meanScore / b.hits : NaN;
  return bins;
}
