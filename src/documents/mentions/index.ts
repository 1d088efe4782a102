import { findIbans } from './iban.ts';
import { findEmails, findPhones, findSwiftCodes } from './contact.ts';
import { findDates } from './dates.ts';
import { findAmounts, findHsCodes, findQuantities, findSerialsAndLots } from './figures.ts';
import { findCompanies, findKnownNames, findPersons, type KnownName } from './names.ts';
import { findAddresses, findPlaces } from './places.ts';
import type { ExtractOptions, FoundMention, MentionKind } from './types.ts';

export {
  MENTION_KINDS,
  type FoundMention,
  type MentionKind,
  type ExtractOptions,
} from './types.ts';
export type { KnownName } from './names.ts';

/** A mention with the entity it was matched to when the page names a known party. */
export type PageMention = FoundMention & { entity_id: string | null };

/**
 * Which family wins where two spans overlap: the checked codes first (an IBAN's digits are
 * not a phone), then known parties, figures, and the loosest readings last. An address may
 * hold the places and parties inside it, so it takes part only against its own kind.
 */
const PRIORITY: MentionKind[] = [
  'email',
  'iban',
  'swift',
  'hs_code',
  'serial',
  'lot',
  'date',
  'phone',
  'amount',
  'quantity',
  'company',
  'person',
  'place',
];

/**
 * Every mention of one page's text, best reading kept where spans overlap, in text order.
 * `known` are the names of the case's parties and the loaded lists: where the page writes
 * one, the mention carries that entity.
 */
export function extractMentions(
  text: string,
  opts: ExtractOptions & { known?: KnownName[] } = {},
): PageMention[] {
  const none = (f: FoundMention): PageMention => ({ ...f, entity_id: null });
  const found: PageMention[] = [
    ...findEmails(text).map(none),
    ...findIbans(text).map(none),
    ...findSwiftCodes(text).map(none),
    ...findHsCodes(text).map(none),
    ...findSerialsAndLots(text).map(none),
    ...findDates(text, opts).map(none),
    ...findPhones(text, opts).map(none),
    ...findAmounts(text).map(none),
    ...findQuantities(text).map(none),
    ...findKnownNames(text, opts.known ?? []),
    ...findCompanies(text).map(none),
    ...findPersons(text).map(none),
    ...findPlaces(text, opts).map(none),
  ];
  const rank = (m: PageMention) => PRIORITY.indexOf(m.kind) - (m.entity_id ? 0.5 : 0);
  found.sort(
    (a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: PageMention[] = [];
  for (const m of found) {
    if (kept.some((k) => k.start < m.end && m.start < k.end)) continue;
    kept.push(m);
  }
  kept.push(...findAddresses(text).map(none));
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}
