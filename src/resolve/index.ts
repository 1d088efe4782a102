/**
 * The name engine: normalisation, matching with explained scores, blocking, clustering,
 * screening and sanctions-list parsing. Pure and synchronous: plain data in, plain data out.
 * See README.md in this folder.
 */
export {
  normaliseName,
  nameFingerprint,
  foldName,
  skeleton,
  variantOf,
  isAbjad,
  type NormalisedName,
  type NameToken,
} from './normalise.ts';
export { jaro, jaroWinkler, levenshtein, levenshteinSimilarity } from './similarity.ts';
export {
  matchRecords,
  scorePair,
  factsContradict,
  DEFAULT_THRESHOLD,
  type MatchResult,
} from './match.ts';
export {
  schemasCompatible,
  NAME_WEIGHTS,
  FACT_WEIGHTS,
  type Feature,
  type Features,
} from './features.ts';
export {
  prepareRecord,
  recordFromFtm,
  normaliseCountry,
  type NameRecord,
  type PreparedRecord,
} from './record.ts';
export { buildIndex, type NameIndex, type SearchHit, type SearchOptions } from './blocking.ts';
export { calibrate, rawThreshold, type CalibrationMap } from './calibration.ts';
export { TokenWeights } from './token-weights.ts';
export { clusterPairs, UnionFind, type Cluster, type ScoredPair } from './cluster.ts';
export {
  matchPairs,
  clusterRecords,
  buildScreeningIndex,
  type ScreenResult,
  type ScreenHit,
} from './jobs.ts';
export { readNameCsv, recordFromRow, NameRowSchema } from './csv.ts';
export { parseList, sniffListFormat, type ParsedList, type ListFormat } from './lists/index.ts';
