import { foldText } from '../core/fold.ts';

/**
 * Term matching over folded text, as the data files write terms: a term is one or more
 * words that must all appear (in any order) among the words of the text; a word ending in
 * "*" matches any word it starts: "alumin* paste*" matches "aluminium paste (non-leafing)"
 * and "Aluminum pastes".
 */
export interface CompiledTerm {
  term: string;
  words: { stem: string; prefix: boolean }[];
}

export function compileTerms(terms: readonly string[]): CompiledTerm[] {
  return terms.map((term) => {
    const words: { stem: string; prefix: boolean }[] = [];
    for (const raw of term.split(/\s+/)) {
      const prefix = raw.endsWith('*');
      const parts = foldText(raw.replace(/\*+$/, '')).split(' ').filter(Boolean);
      parts.forEach((stem, i) => words.push({ stem, prefix: prefix && i === parts.length - 1 }));
    }
    return { term, words };
  });
}

/** The words of a folded text, as a set and a list (prefix checks walk the list). */
export interface Words {
  set: Set<string>;
  list: string[];
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * foldText with a shortcut for plain ASCII (most names in trade data): any-ascii and NFKC
 * leave ASCII as it is, so lower-casing and the same punctuation rules give the same text.
 */
export function fold(text: string): string {
  if (!ASCII.test(text)) return foldText(text);
  return text
    .toLowerCase()
    .replace(/['`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function wordsOf(text: string | null | undefined): Words {
  const list = text ? fold(text).split(' ').filter(Boolean) : [];
  return { set: new Set(list), list };
}

function hasWord(words: Words, w: { stem: string; prefix: boolean }): boolean {
  if (!w.prefix) return words.set.has(w.stem);
  for (const x of words.list) if (x.startsWith(w.stem)) return true;
  return false;
}

/** The first term that matches, or null. */
export function firstMatch(words: Words, terms: readonly CompiledTerm[]): string | null {
  for (const t of terms) {
    if (t.words.length > 0 && t.words.every((w) => hasWord(words, w))) return t.term;
  }
  return null;
}

/** Digits of an HS code ("7603.20" → "760320"); null when there are none. */
export function hsDigits(hs: string | null | undefined): string | null {
  if (!hs) return null;
  const d = hs.replace(/\D/g, '');
  return d.length >= 2 ? d : null;
}

/** The longest prefix in `prefixes` that the code starts with, or null. */
export function hsPrefixMatch(code: string | null, prefixes: readonly string[]): string | null {
  if (!code) return null;
  let best: string | null = null;
  for (const p of prefixes) if (code.startsWith(p) && (!best || p.length > best.length)) best = p;
  return best;
}
