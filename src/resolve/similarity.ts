/**
 * String distances written here rather than taken from a package, because they sit in the
 * innermost loop of matching and screening and must be exact about their edge cases.
 */

// Reused between calls: matching runs millions of comparisons and must not allocate per call.
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);

/**
 * Jaro similarity: M. A. Jaro, "Advances in record-linkage methodology as applied to
 * matching the 1985 census of Tampa, Florida", JASA 84 (1989). Characters match when
 * equal and no further apart than ⌊max(|a|,|b|)/2⌋−1; t is half the matched characters out
 * of order; sim = (m/|a| + m/|b| + (m−t)/m) / 3.
 */
export function jaro(a: string, b: string): number {
  if (a === b) return a.length === 0 ? 1 : 1;
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  if (flagsA.length < la) flagsA = new Uint8Array(la * 2);
  if (flagsB.length < lb) flagsB = new Uint8Array(lb * 2);
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(lb - 1, i + window);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (flagsB[j] === 0 && b.charCodeAt(j) === c) {
        flagsA[i] = 1;
        flagsB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let k = 0;
  let halfTranspositions = 0;
  for (let i = 0; i < la; i++) {
    if (flagsA[i] === 0) continue;
    while (flagsB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) halfTranspositions++;
    k++;
  }
  const t = halfTranspositions / 2;
  return (matches / la + matches / lb + (matches - t) / matches) / 3;
}

/**
 * Jaro-Winkler: W. E. Winkler, "String comparator metrics and enhanced decision rules in
 * the Fellegi-Sunter model of record linkage" (1990). A common prefix of up to four
 * characters lifts the Jaro score by p = 0.1 per character: names differ more at the end.
 */
export function jaroWinkler(a: string, b: string, prefixScale = 0.1): number {
  const j = jaro(a, b);
  if (j === 0) return 0;
  let prefix = 0;
  const max = Math.min(4, a.length, b.length);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * prefixScale * (1 - j);
}

// Character counts for jaroWinklerBound, cleared after each call where they were set.
const charCounts = new Uint16Array(65536);

/**
 * An upper bound of jaroWinkler(a, b) from character counts alone, in O(|a| + |b|): Jaro's
 * matched characters are at most the characters the two strings have in common wherever
 * they stand, and its transposition term is at most 1. Cheaper than Jaro by the window
 * scan, it lets a caller skip pairs that cannot reach the similarity it cares about.
 */
export function jaroWinklerBound(a: string, b: string, prefixScale = 0.1): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return a === b ? 1 : 0;
  for (let i = 0; i < la; i++) charCounts[a.charCodeAt(i)]!++;
  let m = 0;
  for (let j = 0; j < lb; j++) {
    const c = b.charCodeAt(j);
    if (charCounts[c]! > 0) {
      charCounts[c]!--;
      m++;
    }
  }
  for (let i = 0; i < la; i++) charCounts[a.charCodeAt(i)] = 0;
  if (m === 0) return 0;
  const j = (m / la + m / lb + 1) / 3;
  let prefix = 0;
  const max = Math.min(4, la, lb);
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return Math.min(1, j + prefix * prefixScale * (1 - j));
}

let row = new Uint32Array(64);

/**
 * Levenshtein edit distance (V. I. Levenshtein, 1966): insertions, deletions and
 * substitutions cost one. Wagner-Fischer with a single row. `max` stops early once the
 * distance is certain to exceed it (returns max + 1).
 */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (la === 0) return lb;
  if (lb - la > max) return max + 1;
  if (max < 1) return max + 1;
  if (max === 1) return withinOneEdit(a, b) ? 1 : 2;
  if (row.length < la + 1) row = new Uint32Array((la + 1) * 2);
  for (let i = 0; i <= la; i++) row[i] = i;
  for (let j = 1; j <= lb; j++) {
    let prev = row[0]!;
    row[0] = j;
    let rowMin = j;
    const cb = b.charCodeAt(j - 1);
    for (let i = 1; i <= la; i++) {
      const tmp = row[i]!;
      const cost = a.charCodeAt(i - 1) === cb ? 0 : 1;
      const v = Math.min(row[i]! + 1, row[i - 1]! + 1, prev + cost);
      row[i] = v;
      prev = tmp;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return row[la]!;
}

/**
 * Whether two different strings, the first no longer than the second, are one substitution
 * or one insertion apart: what Levenshtein with a bound of one needs, in one pass instead
 * of a table.
 */
function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  let i = 0;
  while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    // One substitution at i: the rest must be equal.
    for (let k = i + 1; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k)) return false;
    return true;
  }
  // b has one letter more: skip it at i, the rest must be equal.
  for (let k = i; k < la; k++) if (a.charCodeAt(k) !== b.charCodeAt(k + 1)) return false;
  return true;
}

/** 1 − distance / longer length: 1 for equal strings, 0 for nothing in common. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 1;
  return 1 - levenshtein(a, b) / longest;
}
