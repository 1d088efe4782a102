import { foldText } from '../../core/fold.ts';
import { LEGAL_FORMS } from '../../core/legal-forms.ts';
import type { FoundMention } from './types.ts';

/** A word of a page with where it stands. */
interface Word {
  text: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}.&'’-]*/gu;

function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => {
    // A sentence's full stop is not part of the word, an abbreviation's (Ltd., A.Ş.) is.
    const t = /^\p{Lu}?\p{Ll}{3,}\.$/u.test(m[0]) ? m[0].slice(0, -1) : m[0];
    return { text: t, start: m.index, end: m.index + t.length };
  });
}

const isCapitalised = (w: string) => /^[\p{Lu}\p{N}]/u.test(w);
/** A legal form as the one table holds it: folded, dots and hyphens dropped (A.Ş. → as, FZ-LLC → fzllc). */
const isLegalForm = (w: string) =>
  isCapitalised(w) && LEGAL_FORMS.has(foldText(w).replace(/\s+/g, ''));
/** Lower-case words that join the words of one company name. */
const JOINERS = new Set(['&', 'and', 've', 'of', 'de', 'du', 'la', 'for', 'al', 'el', 'und', 'et']);
/** Words that end a name at its left: labels and what stands before a party on paperwork. */
const LABELS = new Set([
  'seller',
  'buyer',
  'consignee',
  'shipper',
  'exporter',
  'importer',
  'payer',
  'bill',
  'to',
  'from',
  'invoice',
  'proforma',
  'packing',
  'list',
  'messrs',
  'attn',
  'the',
  'beneficiary',
  'bank',
  'notify',
  'party',
  'sold',
  'ship',
  'vendor',
  'customer',
  'supplier',
  'manufacturer',
]);

/** Whether nothing but spaces and tabs stands between two words (a name does not run across lines or commas). */
function joined(text: string, a: Word, b: Word): boolean {
  return /^[ \t]+$/.test(text.slice(a.end, b.start));
}

/**
 * Company names: a run of capitalised words on one line ending in one or more legal forms
 * (core/legal-forms.ts: Ltd, LLC, A.Ş., Ltd. Şti., GmbH, FZE …), with joining words (&, and,
 * ve, of) inside. Labels (Seller, Buyer, Consignee) end it on the left.
 */
export function findCompanies(text: string): FoundMention[] {
  const words = wordsOf(text);
  const out: FoundMention[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!isLegalForm(words[i]!.text)) continue;
    let last = i;
    while (
      last + 1 < words.length &&
      isLegalForm(words[last + 1]!.text) &&
      /^[ \t,]*$/.test(text.slice(words[last]!.end, words[last + 1]!.start))
    )
      last++;
    let first = i;
    while (first > 0 && i - first < 7) {
      const w = words[first - 1]!;
      if (!joined(text, w, words[first]!) || LABELS.has(foldText(w.text))) break;
      if (!isCapitalised(w.text) && !JOINERS.has(w.text.toLowerCase())) break;
      first--;
    }
    while (first < i && JOINERS.has(words[first]!.text.toLowerCase())) first++;
    if (first === i) {
      i = last;
      continue;
    }
    const start = words[first]!.start;
    const end = words[last]!.end;
    const raw = text.slice(start, end);
    out.push({ kind: 'company', text: raw, normalized: raw.replace(/\s+/g, ' '), start, end });
    i = last;
  }
  return out;
}

// Mr Ali Demirtaş; Attn: Hasan Karahan; Signed by: …; a title or label, then 2–4 capitalised words.
const PERSON_CUE =
  /\b(?:Mr|Mrs|Ms|Miss|Dr|Eng|Sheikh|Bay|Bayan|Herr|Frau|M\.|Mme)\.?[ \t]+|\b(?:Attn|Attention|Contact(?:[ \t]person)?|Signed(?:[ \t]by)?|Signature|Authori[sz]ed[ \t]by|Director|Manager|Prepared[ \t]by|Approved[ \t]by)[ \t]*[:.-]?[ \t]*(?:(?:Mr|Mrs|Ms|Dr)\.?[ \t]+)?/g;
const NAME_WORD = /^\p{Lu}[\p{Ll}'’-]+$|^\p{Lu}{2,}$/u;

/** Person names after a title (Mr, Mrs, Dr) or a label (Attn, Contact, Signed by): two to four capitalised words. */
export function findPersons(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  for (const cue of text.matchAll(PERSON_CUE)) {
    const from = cue.index + cue[0].length;
    const words = wordsOf(text.slice(from, from + 80));
    const taken: Word[] = [];
    for (const w of words) {
      if (taken.length === 4 || !NAME_WORD.test(w.text) || isLegalForm(w.text)) break;
      const prev = taken[taken.length - 1];
      if (prev && !/^[ \t]+$/.test(text.slice(from + prev.end, from + w.start))) break;
      if (!prev && w.start !== 0) break;
      taken.push(w);
    }
    if (taken.length < 2) continue;
    const start = from;
    const end = from + taken[taken.length - 1]!.end;
    const raw = text.slice(start, end);
    out.push({ kind: 'person', text: raw, normalized: raw.replace(/\s+/g, ' '), start, end });
  }
  return out;
}

/** A name the case or a loaded list knows: its entity, schema and every name it goes by. */
export interface KnownName {
  entity_id: string;
  schema: string;
  name: string;
}

/**
 * Known names wherever the page writes them, compared folded word by word (Akçakale
 * İletişim = AKCAKALE ILETISIM), a trailing legal form optional on either side: a party
 * named without Ltd or A.Ş. on paperwork is still that party. Longest name first at a spot.
 */
export function findKnownNames(
  text: string,
  known: KnownName[],
): (FoundMention & { entity_id: string })[] {
  const words = wordsOf(text).map((w) => ({ ...w, folded: foldText(w.text).replace(/\s+/g, '') }));
  const byFirst = new Map<string, { tokens: string[]; k: KnownName }[]>();
  for (const k of known) {
    const tokens = foldText(k.name).split(' ').filter(Boolean);
    while (tokens.length > 1 && LEGAL_FORMS.has(tokens[tokens.length - 1]!)) tokens.pop();
    if (tokens.length === 0 || (tokens.length === 1 && tokens[0]!.length < 4)) continue;
    const list = byFirst.get(tokens[0]!) ?? [];
    list.push({ tokens, k });
    byFirst.set(tokens[0]!, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  const out: (FoundMention & { entity_id: string })[] = [];
  for (let i = 0; i < words.length; i++) {
    const cands = byFirst.get(words[i]!.folded);
    // A lower-case word is a common word; scripts without case (Arabic) are taken as written.
    if (!cands || /^\p{Ll}/u.test(words[i]!.text)) continue;
    const hit = cands.find((c) => c.tokens.every((t, j) => words[i + j]?.folded === t));
    if (!hit) continue;
    let last = i + hit.tokens.length - 1;
    while (
      last + 1 < words.length &&
      isLegalForm(words[last + 1]!.text) &&
      /^[ \t,]*$/.test(text.slice(words[last]!.end, words[last + 1]!.start))
    )
      last++;
    const start = words[i]!.start;
    const end = words[last]!.end;
    const raw = text.slice(start, end);
    const kind = hit.k.schema === 'Person' ? 'person' : 'company';
    out.push({
      kind,
      text: raw,
      normalized: raw.replace(/\s+/g, ' '),
      start,
      end,
      entity_id: hit.k.entity_id,
    });
    i = last;
  }
  return out;
}
