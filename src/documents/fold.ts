import { foldText } from '../core/fold.ts';
import { foldName, isAbjad } from '../resolve/normalise.ts';

/**
 * The orthographic normalisation of Arabic information retrieval (Larkey, Ballesteros &
 * Connell, "Improving stemming for Arabic information retrieval", SIGIR 2002): short-vowel
 * marks, shadda and tatweel go; the alif forms أ إ آ ٱ become ا; alif maqsura ى becomes ي;
 * ta marbuta ة becomes ه; hamza on waw or ya becomes the bare letter. Writers and OCR
 * alternate between these freely, so الرقّة, الرقة and الرقه are one word.
 */
const ARABIC_VARIANTS: [RegExp, string][] = [
  [/[\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g, ''],
  [/[أإآٱ]/g, 'ا'],
  [/ى/g, 'ي'],
  [/ة/g, 'ه'],
  [/ؤ/g, 'و'],
  [/ئ/g, 'ي'],
];

export function normaliseArabic(text: string): string {
  let s = text;
  for (const [re, to] of ARABIC_VARIANTS) s = s.replace(re, to);
  return s;
}

/**
 * Folds document text for the full-text index and for queries, one way for both: Latin
 * script as every record is folded (src/core/fold.ts: Şanlıurfa, Sanliurfa and SANLIURFA
 * are "sanliurfa"); Arabic script normalised (above), then transliterated through the name
 * engine's letter table (src/resolve/normalise.ts), which also strips the article. Words
 * fold one by one, so a page and a query meet whatever surrounds them.
 */
export function foldDocumentText(text: string): string {
  return isAbjad(text) ? foldName(normaliseArabic(text)) : foldText(text);
}

/** Folded words of a query. */
export function documentTokens(text: string): string[] {
  const folded = foldDocumentText(text);
  return folded ? folded.split(' ') : [];
}
