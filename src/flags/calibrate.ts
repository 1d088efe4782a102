import { BatchContext, indicatorsOf, type OrderInput } from './indicators.ts';
import { FLAG_CODES, logit, sigmoid, type FlagCode, type Rules } from './rules.ts';

/**
 * Calibration: fit the indicator weights to orders whose outcome is known, and say how
 * well hand-set and fitted weights rank and how honest their likelihoods are.
 *
 * The model is the scorer itself read as a logistic regression: the log-odds of an order
 * is an intercept plus Σ weight × strength over its indicators. Weights are fitted by
 * Newton–Raphson (iteratively reweighted least squares) on the L2-penalised log-likelihood
 * (ridge logistic regression; le Cessie & van Houwelingen 1992, "Ridge estimators in
 * logistic regression", Applied Statistics 41(1)); the intercept is not penalised. The
 * penalty is chosen by inner cross-validation on log-loss. Ranking is the area under the
 * ROC curve as the Mann–Whitney statistic (Hanley & McNeil 1982); calibration is the Brier
 * score (Brier 1950) and a reliability table (DeGroot & Fienberg 1983).
 */

export interface LabelledOrder {
  order: OrderInput;
  illicit: boolean;
}

/** The indicator strengths of each order as a design matrix (one column per flag code). */
export function featureMatrix(orders: OrderInput[], rules: Rules): number[][] {
  const ctx = new BatchContext(rules, { orders });
  return orders.map((o) => {
    const row = new Array<number>(FLAG_CODES.length).fill(0);
    for (const h of indicatorsOf(o, ctx)) {
      const j = FLAG_CODES.indexOf(h.code);
      row[j] = Math.max(row[j]!, h.strength);
    }
    return row;
  });
}

export interface LogisticFit {
  intercept: number;
  weights: number[];
  iterations: number;
}

/** Ridge logistic regression by Newton–Raphson; columns that never vary get weight 0. */
export function fitLogistic(X: number[][], y: number[], lambda: number, maxIter = 50): LogisticFit {
  const d = X[0]?.length ?? 0;
  const beta = new Array<number>(d + 1).fill(0);
  const pos = y.reduce((s, v) => s + v, 0);
  beta[0] = logit(Math.min(0.99, Math.max(0.01, (pos + 0.5) / (y.length + 1))));
  let it = 0;
  for (; it < maxIter; it++) {
    const g = new Array<number>(d + 1).fill(0);
    const H: number[][] = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < X.length; i++) {
      const xi = X[i]!;
      let z = beta[0]!;
      for (let j = 0; j < d; j++) z += beta[j + 1]! * xi[j]!;
      const p = sigmoid(z);
      const r = y[i]! - p;
      const w = Math.max(p * (1 - p), 1e-9);
      const x = [1, ...xi];
      for (let a = 0; a <= d; a++) {
        if (x[a] === 0) continue;
        g[a]! += r * x[a]!;
        for (let b = 0; b <= d; b++) if (x[b] !== 0) H[a]![b]! += w * x[a]! * x[b]!;
      }
    }
    for (let j = 1; j <= d; j++) {
      g[j]! -= lambda * beta[j]!;
      H[j]![j]! += lambda;
    }
    H[0]![0]! += 1e-9;
    const step = solve(H, g);
    let maxStep = 0;
    for (let j = 0; j <= d; j++) {
      beta[j]! += step[j]!;
      maxStep = Math.max(maxStep, Math.abs(step[j]!));
    }
    if (maxStep < 1e-8) break;
  }
  return { intercept: beta[0]!, weights: beta.slice(1), iterations: it + 1 };
}

/** Solves A x = b (A symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((row, i) => (Math.abs(row[i]!) < 1e-12 ? 0 : row[n]! / row[i]!));
}

export function predict(fit: { intercept: number; weights: number[] }, x: number[]): number {
  let z = fit.intercept;
  for (let j = 0; j < x.length; j++) z += (fit.weights[j] ?? 0) * x[j]!;
  return sigmoid(z);
}

/** Area under the ROC curve (Mann–Whitney U with mid-ranks for ties); null without both classes. */
export function auc(scores: number[], labels: number[]): number | null {
  const idx = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j < idx.length && idx[j]![0] === idx[i]![0]) j++;
    const mid = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (idx[k]![1] === 1) {
        rankSumPos += mid;
        pos++;
      }
    i = j;
  }
  const neg = idx.length - pos;
  if (pos === 0 || neg === 0) return null;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function brier(p: number[], y: number[]): number {
  return p.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / Math.max(1, p.length);
}

export interface ReliabilityBin {
  bin: string;
  orders: number;
  mean_predicted: number | null;
  observed_rate: number | null;
}

export function reliability(p: number[], y: number[], bins = 10): ReliabilityBin[] {
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const lo = b / bins;
    const hi = (b + 1) / bins;
    const members = p
      .map((v, i) => [v, y[i]!] as const)
      .filter(([v]) => v >= lo && (b === bins - 1 ? v <= hi : v < hi));
    out.push({
      bin: `${lo.toFixed(1)}–${hi.toFixed(1)}`,
      orders: members.length,
      mean_predicted: members.length
        ? round(members.reduce((s, m) => s + m[0], 0) / members.length)
        : null,
      observed_rate: members.length
        ? round(members.reduce((s, m) => s + m[1], 0) / members.length)
        : null,
    });
  }
  return out;
}

const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

/** Stratified fold of each row (deterministic: illicit and legitimate rows dealt in turn). */
export function stratifiedFolds(y: number[], k: number): number[] {
  const fold = new Array<number>(y.length);
  let a = 0;
  let b = 0;
  // A fixed shuffle (LCG) so that files sorted by label or date do not fold by block.
  const order = y.map((_, i) => i);
  let seed = 12345;
  for (let i = order.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  for (const i of order) fold[i] = y[i] ? a++ % k : b++ % k;
  return fold;
}

export interface CalibrationReport {
  rows: number;
  illicit: number;
  legitimate: number;
  folds: number;
  lambda: number;
  hand: { version: string; auc: number | null; brier: number; reliability: ReliabilityBin[] };
  fitted: { auc: number | null; brier: number; reliability: ReliabilityBin[] };
  weights: { code: FlagCode; hand: number; fitted: number; fired: number }[];
  prior: { hand: number; fitted: number };
}

const LAMBDAS = [0.01, 0.1, 1, 3, 10];

function crossValidated(
  X: number[][],
  y: number[],
  folds: number[],
  k: number,
  lambda: number,
): number[] {
  const p = new Array<number>(y.length).fill(0);
  for (let f = 0; f < k; f++) {
    const tr = y.map((_, i) => i).filter((i) => folds[i] !== f);
    const fit = fitLogistic(
      tr.map((i) => X[i]!),
      tr.map((i) => y[i]!),
      lambda,
    );
    for (let i = 0; i < y.length; i++) if (folds[i] === f) p[i] = predict(fit, X[i]!);
  }
  return p;
}

/**
 * Fits weights to labelled orders: chooses the penalty by cross-validated log-loss, reports
 * held-out AUC, Brier score and reliability of the fitted model (k-fold) beside those of the
 * hand-set rules, and returns new rules carrying the fitted weights.
 */
export function calibrate(
  labelled: LabelledOrder[],
  base: Rules,
  opts: { folds?: number; version: string; source?: string },
): { rules: Rules; report: CalibrationReport } {
  const orders = labelled.map((l) => l.order);
  const y: number[] = labelled.map((l) => (l.illicit ? 1 : 0));
  const X = featureMatrix(orders, base);
  const pos = y.reduce((s, v) => s + v, 0);
  const k = Math.max(2, Math.min(opts.folds ?? 5, pos, y.length - pos));
  const folds = stratifiedFolds(y, k);
  const handFit = {
    intercept: logit(base.prior),
    weights: FLAG_CODES.map((c) => base.weights[c] ?? 0),
  };
  const pHand = X.map((x) => predict(handFit, x));
  let best = { lambda: 1, loss: Infinity, p: [] as number[] };
  for (const lambda of LAMBDAS) {
    const p = crossValidated(X, y, folds, k, lambda);
    const loss =
      -p.reduce(
        (s, v, i) => s + (y[i] ? Math.log(Math.max(v, 1e-12)) : Math.log(Math.max(1 - v, 1e-12))),
        0,
      ) / y.length;
    if (loss < best.loss) best = { lambda, loss, p };
  }
  const fit = fitLogistic(X, y, best.lambda);
  const fired = FLAG_CODES.map((_, j) => X.filter((x) => x[j]! > 0).length);
  const weights = Object.fromEntries(
    FLAG_CODES.map((c, j) => [
      c,
      round(fired[j]! > 0 ? fit.weights[j]! : (base.weights[c] ?? 0), 4),
    ]),
  ) as Rules['weights'];
  const report: CalibrationReport = {
    rows: y.length,
    illicit: pos,
    legitimate: y.length - pos,
    folds: k,
    lambda: best.lambda,
    hand: {
      version: base.version,
      auc: roundOrNull(auc(pHand, y)),
      brier: round(brier(pHand, y)),
      reliability: reliability(pHand, y),
    },
    fitted: {
      auc: roundOrNull(auc(best.p, y)),
      brier: round(brier(best.p, y)),
      reliability: reliability(best.p, y),
    },
    weights: FLAG_CODES.map((c, j) => ({
      code: c,
      hand: base.weights[c] ?? 0,
      fitted: weights[c] ?? 0,
      fired: fired[j]!,
    })),
    prior: { hand: base.prior, fitted: round(sigmoid(fit.intercept), 6) },
  };
  const rules: Rules = {
    version: opts.version,
    description: `Weights fitted by ridge logistic regression to ${y.length} labelled orders${opts.source ? ` (${opts.source})` : ''}, starting from ${base.version}; indicators that never fired keep their ${base.version} weight.`,
    created: new Date().toISOString().slice(0, 10),
    prior: Math.min(0.999, Math.max(0.001, round(sigmoid(fit.intercept), 6))),
    params: base.params,
    weights,
    calibration: { based_on: base.version, source: opts.source ?? null, ...report },
  };
  return { rules, report };
}

function roundOrNull(x: number | null): number | null {
  return x === null ? null : round(x);
}
