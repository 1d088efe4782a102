/**
 * The language of a text, as an ISO 639-1 code or null when there is too little to tell.
 * Two steps, after the stopword method of the first language identifiers (Ingle 1976;
 * Grefenstette, "Comparing two language identification schemes", JADT 1995): the script
 * decides where it alone can (Arabic script → ar, or fa when Persian letters are there;
 * Cyrillic → ru; Hebrew → he); Latin-script text is given to the language whose commonest
 * words it holds most of. The languages are those of the field's documents.
 */

const STOPWORDS: Record<string, string[]> = {
  en: 'the of and to in is was for that on with by as at from this are be which it an has were or not have'.split(
    ' ',
  ),
  fr: 'le la les de des du et en un une est pour que qui dans par sur au aux avec ce pas sont il elle été'.split(
    ' ',
  ),
  tr: 've bir bu da de ile için olarak olan gibi daha çok en ise ama kadar sonra ancak veya değil tarafından'.split(
    ' ',
  ),
  de: 'der die das und ist nicht mit den von zu im auf für eine ein dem sich des auch als wird bei'.split(
    ' ',
  ),
  es: 'el la los las de del y en que por con para una un es se no al su lo como más fue'.split(' '),
};

const STOP_OF = new Map<string, string[]>();
for (const [lang, words] of Object.entries(STOPWORDS))
  for (const w of words) STOP_OF.set(w, [...(STOP_OF.get(w) ?? []), lang]);

const SCRIPT: [RegExp, string][] = [
  [/[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/g, 'arabic'],
  [/[\u0400-\u04FF]/g, 'ru'],
  [/[\u0590-\u05FF]/g, 'he'],
  [/[A-Za-z\u00C0-\u024F]/g, 'latin'],
];
const PERSIAN = /[پچژگکی]/g;

/** The language of a text, or null for fewer than a few words of any one. */
export function detectLanguage(text: string): string | null {
  const counts = SCRIPT.map(([re, name]) => [name, text.match(re)?.length ?? 0] as const);
  const [script, letters] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (letters < 12) return null;
  if (script === 'arabic') {
    const persian = text.match(PERSIAN)?.length ?? 0;
    return persian > letters * 0.02 ? 'fa' : 'ar';
  }
  if (script !== 'latin') return script;
  const score = new Map<string, number>();
  for (const word of text.toLowerCase().split(/[^\p{L}]+/u)) {
    for (const lang of STOP_OF.get(word) ?? []) score.set(lang, (score.get(lang) ?? 0) + 1);
  }
  // Turkish letters that no other of these languages writes settle a tie.
  const turkish = text.match(/[ığşİĞŞ]/g)?.length ?? 0;
  if (turkish > 0) score.set('tr', (score.get('tr') ?? 0) + turkish / 2);
  const best = [...score].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= 2 ? best[0] : null;
}

/** The language of most of a document's text, from its pages'. */
export function documentLanguage(
  pages: { text: string; language: string | null }[],
): string | null {
  const chars = new Map<string, number>();
  for (const p of pages)
    if (p.language) chars.set(p.language, (chars.get(p.language) ?? 0) + p.text.length);
  return [...chars].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
