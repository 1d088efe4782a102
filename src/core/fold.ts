import anyAscii from 'any-ascii';

const PRINTABLE_ASCII = /^[\t\n\r -~]*$/;

/**
 * Folds text for search and matching: Turkish dotless ı and dotted İ, Latin diacritics
 * and other scripts become plain lower-case ASCII, punctuation becomes spaces.
 * Şanlıurfa, Sanliurfa and SANLIURFA all fold to "sanliurfa"; Akçakale and AkCakale to
 * "akcakale". The store's full-text index and the name engine share this one function so
 * that what is indexed and what is asked are folded alike.
 */
export function foldText(text: string): string {
  // any-ascii maps ı→i and İ→I itself; NFKC first so that compatibility forms (ligatures,
  // full-width letters) fold like their plain twins. Plain ASCII, most of a dataset's
  // text, is left as it is by both, so it skips them: they were two thirds of the cost.
  const ascii = PRINTABLE_ASCII.test(text) ? text : anyAscii(text.normalize('NFKC'));
  return ascii
    .toLowerCase()
    .replace(/['’`ʿʾ]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Folded words of a text, for token-based search queries. */
export function foldTokens(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}
