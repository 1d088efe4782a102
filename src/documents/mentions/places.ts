import { foldText } from '../../core/fold.ts';
import { lookupPlace } from '../../geo/gazetteer.ts';
import type { ExtractOptions, FoundMention } from './types.ts';

// "Address:" and its kin, then the rest of the line; or a line naming a street, quarter or building number.
const ADDRESS_LABEL =
  /\b(?:address|adres|addr\.?|registered office|delivery address|ship to address)[ \t]*[:.-][ \t]*([^\n]{6,160})/gi;
const STREET_LINE =
  /^[^\n]*\b(?:street|st\.|road|rd\.|avenue|ave\.|boulevard|blvd\.?|caddesi|cad\.|cd\.|sokak|sokağı|sok\.|sk\.|mahallesi|mah\.|mh\.|cadde|p\.?o\.? box)(?!\w)[^\n]*$/gim;

/** Addresses: after an Address label, or a line naming a street, quarter or P.O. box. */
export function findAddresses(text: string): FoundMention[] {
  const out: FoundMention[] = [];
  const push = (raw: string, start: number) => {
    const trimmed = raw.replace(/[\s,;.]+$/, '');
    const lead = trimmed.length - trimmed.trimStart().length;
    const t = trimmed.trim();
    if (t.length < 6 || out.some((o) => o.start <= start + lead && start + lead < o.end)) return;
    out.push({
      kind: 'address',
      text: t,
      normalized: foldText(t),
      start: start + lead,
      end: start + lead + t.length,
    });
  };
  for (const m of text.matchAll(ADDRESS_LABEL)) push(m[1]!, m.index + m[0].length - m[1]!.length);
  for (const m of text.matchAll(STREET_LINE)) {
    // The label's own line is already taken; a label line's rest is not a second address.
    const label = /^[^:\n]{0,40}:[ \t]*/.exec(m[0]);
    push(label ? m[0].slice(label[0].length) : m[0], m.index + (label ? label[0].length : 0));
  }
  return out;
}

/**
 * Words that are places somewhere on earth but on paperwork are almost always the document's
 * own vocabulary: a capitalised "Total" or "Bank" is not a village.
 */
const PAPER_WORDS = new Set(
  (
    'invoice proforma packing list date total bank seller buyer consignee payer payment terms ' +
    'goods description quantity unit price value amount currency code origin destination route ' +
    'shipment delivery tel phone fax email address account swift iban net gross weight page no ' +
    'number order ref reference signature stamp company street road avenue district mr mrs ' +
    'dear sir madam sales office city country port via by to from and the of for with'
  ).split(' '),
);

const CANDIDATE = /\p{Lu}[\p{L}'’-]+(?:[ \t]\p{Lu}[\p{L}'’-]+){0,2}/gu;

/**
 * Places named on a page, through the gazetteer (src/geo): runs of one to three capitalised
 * words, exact or article-free names only (no transliteration keys: too many namesakes), a
 * place of 10 000 people or more anywhere, or any size in the document's country.
 * Normalised "Name, CC".
 */
export function findPlaces(text: string, opts: ExtractOptions = {}): FoundMention[] {
  const out: FoundMention[] = [];
  const countries = opts.country ? [opts.country.toUpperCase()] : [];
  for (const m of text.matchAll(CANDIDATE)) {
    const words = m[0].split(/[ \t]/);
    // Longest first: "Ras al Ain" before "Ras".
    for (let n = words.length; n >= 1; n--) {
      const raw = words.slice(0, n).join(' ');
      const folded = foldText(raw);
      if (words.slice(0, n).every((w) => PAPER_WORDS.has(foldText(w))) || folded.length < 4)
        continue;
      const place = lookupPlace(raw, { loose: false, countries, wide: true })[0];
      if (!place) continue;
      if (place.population < 10_000 && !countries.includes(place.country_code)) continue;
      out.push({
        kind: 'place',
        text: raw,
        normalized: `${place.name}, ${place.country_code}`,
        start: m.index,
        end: m.index + raw.length,
      });
      break;
    }
  }
  return out;
}
