import { foldDocumentText } from './fold.ts';

/**
 * A snippet of a page around the words a query matched, in the page's own spelling
 * (Şanlıurfa found by "sanliurfa" shows as Şanlıurfa), with where each match sits in it.
 * The page's words are folded one by one as the index folds them, so what matched there
 * matches here.
 */
export interface Snippet {
  snippet: string;
  highlights: [number, number][];
}

const WORD = /[\p{L}\p{M}\p{N}'’ʿʾ]+/gu;

export function makeSnippet(text: string, tokens: string[], width = 30): Snippet {
  const words: { start: number; end: number; hit: boolean }[] = [];
  for (const m of text.matchAll(WORD)) {
    const folded = foldDocumentText(m[0]).split(' ');
    const hit = folded.some((f) => tokens.some((t) => f.startsWith(t)));
    words.push({ start: m.index, end: m.index + m[0].length, hit });
  }
  if (words.length === 0) return { snippet: '', highlights: [] };
  // The window of `width` words holding the most distinct query tokens, then the most hits.
  const first = Math.max(
    0,
    words.findIndex((w) => w.hit),
  );
  let best = first;
  let bestHits = -1;
  for (
    let i = Math.max(0, first - width);
    i <= Math.min(words.length - 1, first + width * 4);
    i++
  ) {
    let hits = 0;
    for (let j = i; j < Math.min(words.length, i + width); j++) if (words[j]!.hit) hits++;
    if (hits > bestHits) {
      bestHits = hits;
      best = i;
    }
  }
  // Open a little before the first hit of the window, for context.
  const firstHit = words.slice(best, best + width).findIndex((w) => w.hit);
  const from = Math.max(0, best + Math.max(0, firstHit) - 8);
  const to = Math.min(words.length, from + width);
  const start = words[from]!.start;
  const end = words[to - 1]!.end;
  const prefix = from > 0 ? '… ' : '';
  const suffix = to < words.length ? ' …' : '';
  const body = text.slice(start, end).replace(/\s+/g, ' ');
  // Offsets move with the whitespace squeezed: recompute them on the squeezed text.
  const highlights: [number, number][] = [];
  let cursor = 0;
  for (const w of words.slice(from, to)) {
    const word = text.slice(w.start, w.end);
    const at = body.indexOf(word, cursor);
    if (at < 0) continue;
    cursor = at + word.length;
    if (w.hit) highlights.push([prefix.length + at, prefix.length + cursor]);
  }
  return { snippet: prefix + body + suffix, highlights };
}
