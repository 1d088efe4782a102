/**
 * What every extractor family returns: a span of one page's text, [start, end) in UTF-16
 * code units as JavaScript strings index it (the page text as the documents store keeps it),
 * what it says and its normalised form (E.164 phone, compact IBAN, ISO date, "USD 1234.5"…).
 */
export const MENTION_KINDS = [
  'person',
  'company',
  'phone',
  'email',
  'iban',
  'swift',
  'amount',
  'date',
  'hs_code',
  'quantity',
  'serial',
  'lot',
  'address',
  'place',
] as const;
export type MentionKind = (typeof MENTION_KINDS)[number];

export interface FoundMention {
  kind: MentionKind;
  text: string;
  normalized: string;
  start: number;
  end: number;
}

/** What a page's extraction may know beyond its text. */
export interface ExtractOptions {
  /** ISO 3166-1 alpha-2 country the document is about, for local phone numbers. */
  country?: string | null;
  /** The document's date (YYYY-MM-DD), for dates written without a year. */
  refDate?: string | null;
}

/** A mention of `kind` for the regex match `m` (group 0), normalised by `normalized`. */
export function spanOf(
  kind: MentionKind,
  m: RegExpExecArray,
  normalized: string,
  group = 0,
): FoundMention {
  const text = m[group]!;
  const start = group === 0 ? m.index : m.index + m[0].indexOf(text);
  return { kind, text, normalized, start, end: start + text.length };
}
