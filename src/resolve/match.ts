import {
  bestNames,
  bestNameScore,
  factScore,
  factFeatures,
  NAME_WEIGHTS,
  namelessBase,
  roundFeatures,
  schemaPenalty,
  schemasCompatible,
  type Features,
} from './features.ts';
import { normaliseDate, prepareRecord, type NameRecord, type PreparedRecord } from './record.ts';
import type { NormalisedName } from './normalise.ts';
import { TokenWeights } from './token-weights.ts';
import { calibrate } from './calibration.ts';

/** Below this a pair is not reported by `match` or `screen` unless the user asks. */
export const DEFAULT_THRESHOLD = 0.125;

export interface MatchResult {
  /** 0–1, calibrated: about this share of hits of this score are the entity (calibration.ts). */
  score: number;
  /** 0–1: the best weighted name feature plus the other features' weights, clipped: what the features add up to. */
  raw_score: number;
  /** Every feature that spoke, with its value and weight: the score is explained by them. */
  features: Features;
  /** The two names (of the records' names and aliases) that matched best. */
  names: { left: string; right: string } | null;
}

function prepared(r: NameRecord | PreparedRecord): PreparedRecord {
  return 'record' in r ? r : prepareRecord(r);
}

/**
 * Compares two records. A Person never matches a Company (feature `schema_mismatch`,
 * score 0); otherwise the raw score is the best of the weighted name features plus the
 * weights of the fact features (identifiers, e-mail, phone, birth date, country), clipped
 * to [0, 1] (contradicting facts carry negative weights), and the score is the raw score
 * calibrated (calibration.ts). `weights`: what each name token counts (the list's, from an index).
 */
export function matchRecords(
  left: NameRecord | PreparedRecord,
  right: NameRecord | PreparedRecord,
  weights: TokenWeights = TokenWeights.intrinsic,
): MatchResult {
  const a = prepared(left);
  const b = prepared(right);
  if (!schemasCompatible(a.schema, b.schema)) {
    return {
      score: 0,
      raw_score: 0,
      features: { schema_mismatch: { value: 1, weight: -1 } },
      names: null,
    };
  }
  const names = bestNames(a, b, weights);
  const features: Features = {};
  let score = 0;
  if (names) {
    for (const k of Object.keys(NAME_WEIGHTS) as (keyof typeof NAME_WEIGHTS)[]) {
      const v = names.comparison[k];
      if (v > 0) features[k] = { value: v, weight: NAME_WEIGHTS[k] };
    }
    score = names.score;
    if (weights.fromList && names.comparison.name_literal === 0)
      Object.assign(features, tokenWeightFeatures([names.left, names.right], weights));
  }
  const uncertain = schemaPenalty(a.schema, b.schema);
  if (uncertain !== 0) {
    features.schema_uncertain = { value: 1, weight: uncertain };
    score += uncertain;
  }
  const facts = factFeatures(a, b);
  const base = namelessBase(a, b, facts);
  if (base > 0) {
    features.name_absent = { value: 1, weight: base };
    score += base;
  }
  // Facts refine a name match; on their own (no name in common) they only add evidence.
  for (const [k, f] of Object.entries(facts)) {
    features[k] = f;
    score += f.value * f.weight;
  }
  score = Math.max(0, Math.min(1, score));
  return {
    score: Math.round(calibrate(score) * 10000) / 10000,
    raw_score: Math.round(score * 10000) / 10000,
    features: roundFeatures(features),
    names: names ? { left: names.comparison.left, right: names.comparison.right } : null,
  };
}

/**
 * What each token of the compared names counted in the token alignment, when the list's
 * frequencies made it count less than in full: `name_token_weight:<token>` with the weight
 * as its value and no weight of its own (it adds nothing; it explains `name_token_match`).
 */
function tokenWeightFeatures(names: NormalisedName[], weights: TokenWeights): Features {
  const out: Features = {};
  for (const n of names)
    for (const t of n.tokens) {
      const w = weights.of(t);
      if (w < 0.995) out[`name_token_weight:${t.canon ?? t.text}`] = { value: w, weight: 0 };
    }
  return out;
}

/**
 * Whether two records state facts that cannot both hold of one entity: birth dates (or
 * years) more than a year apart. Used as a cannot-link constraint when clustering.
 */
export function factsContradict(a: NameRecord, b: NameRecord): boolean {
  const ya = birthYears(a);
  const yb = birthYears(b);
  if (ya.length === 0 || yb.length === 0) return false;
  return !ya.some((x) => yb.some((y) => Math.abs(x - y) <= 1));
}

function birthYears(r: NameRecord): number[] {
  const out: number[] = [];
  for (const d of r.birthDates ?? []) {
    const n = normaliseDate(d ?? '');
    if (n) out.push(Number(n.slice(0, 4)));
  }
  return out;
}

/**
 * The raw score alone (not calibrated; see `rawThreshold`), for inner loops that only keep
 * pairs above a raw threshold: exact at or above `threshold`, a lower bound below it (work
 * that cannot lift a pair over it is skipped).
 */
export function scorePair(
  a: PreparedRecord,
  b: PreparedRecord,
  threshold = 0,
  weights: TokenWeights = TokenWeights.intrinsic,
): number {
  if (!schemasCompatible(a.schema, b.schema)) return 0;
  let facts = factScore(a, b) + schemaPenalty(a.schema, b.schema);
  if (a.names.length === 0 || b.names.length === 0) facts += namelessBase(a, b, factFeatures(a, b));
  const score = bestNameScore(a, b, threshold - facts, weights) + facts;
  return Math.max(0, Math.min(1, score));
}
