/**
 * Sources that are one publication. A bulletin cited by name on an incident ("ITIC, Spotlight
 * on Global Jihad", 2021-01-14) is stored as a source of its own, ungraded (F), beside the
 * graded record of the same bulletin ("Spotlight on Global Jihad, January 7–13, 2021" of the
 * Meir Amit Intelligence and Terrorism Information Center, B): shown side by side they read
 * as two sources graded B2 and F6 that corroborate each other, which they do not.
 */
import { foldText, foldTokens } from './fold.ts';

/** What the comparison reads of a source. */
export interface PublicationLike {
  id: string;
  title: string;
  publisher?: string | null;
  published?: string | null;
}

// Words that name no publication: articles, prepositions, months and numbers (dates and issue
// numbers differ between two citations of one issue).
const FILLER = new Set([
  'a',
  'an',
  'the',
  'of',
  'on',
  'in',
  'for',
  'and',
  'to',
  'at',
  'by',
  'de',
  'du',
  'la',
  'le',
  'el',
  'al',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'no',
  'issue',
  'vol',
]);

/** The initials of a publisher's words ("Meir Amit Intelligence and Terrorism Information Center" → "maitic"). */
function initials(publisher: string): string {
  return foldTokens(publisher)
    .filter((w) => !FILLER.has(w))
    .map((w) => w[0])
    .join('');
}

/**
 * The words of a title that name the publication: without filler, numbers, and the words or
 * the acronym of either publisher ("ITIC" is the acronym of the centre that publishes it).
 */
function titleWords(s: PublicationLike, publishers: string[]): Set<string> {
  const named = new Set(publishers.flatMap((p) => foldTokens(p)));
  const acronyms = publishers.map(initials).filter((a) => a.length >= 3);
  return new Set(
    foldTokens(s.title).filter(
      (w) =>
        !FILLER.has(w) &&
        !/^\d+$/.test(w) &&
        !named.has(w) &&
        !(w.length >= 3 && acronyms.some((a) => a.includes(w))),
    ),
  );
}

/**
 * Whether two sources are one publication: published the same day, and every word that names
 * one (at least two of them) is a word of the other. A date on one side only, or none, is not
 * enough to join them: two undated reports of one publisher are usually two reports.
 */
export function samePublication(a: PublicationLike, b: PublicationLike): boolean {
  if (a.id === b.id) return true;
  if (!a.published || !b.published || a.published.slice(0, 10) !== b.published.slice(0, 10))
    return false;
  // A source cited by name carries the name as its publisher too: that says nothing of who
  // published it, and would strip every word of its title.
  const publishers = [a, b]
    .filter((s) => s.publisher && foldText(s.publisher) !== foldText(s.title))
    .map((s) => s.publisher!);
  const wa = titleWords(a, publishers);
  const wb = titleWords(b, publishers);
  const [small, big] = wa.size <= wb.size ? [wa, wb] : [wb, wa];
  if (small.size < 2) return false;
  for (const w of small) if (!big.has(w)) return false;
  return true;
}

/**
 * One entry per publication, in the order given (callers give the best graded first, so the
 * entry kept is the best graded one); the ids of the entries folded into it are listed in
 * `same_as`, so that nothing is hidden.
 */
export function mergeSamePublication<S extends PublicationLike>(
  sources: readonly S[],
): (S & { same_as?: string[] })[] {
  const kept: (S & { same_as?: string[] })[] = [];
  for (const s of sources) {
    const twin = kept.find((k) => k.id !== s.id && samePublication(k, s));
    if (twin) twin.same_as = [...(twin.same_as ?? []), s.id];
    else kept.push({ ...s });
  }
  return kept;
}
