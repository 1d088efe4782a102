import { z } from 'zod';
import { optionalDate, optionalText, recordSchema } from './schema.ts';

/**
 * Provenance in the Admiralty (NATO STANAG 2511) scheme: a source's reliability is graded
 * A (completely reliable) to F (cannot be judged); each piece of information carried by a
 * source gets a credibility from 1 (confirmed) to 6 (cannot be judged).
 */
export const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const RELIABILITY_LABEL: Record<(typeof RELIABILITY)[number], string> = {
  A: 'completely reliable',
  B: 'usually reliable',
  C: 'fairly reliable',
  D: 'not usually reliable',
  E: 'unreliable',
  F: 'reliability cannot be judged',
};
export const CREDIBILITY_LABEL: Record<number, string> = {
  1: 'confirmed by other sources',
  2: 'probably true',
  3: 'possibly true',
  4: 'doubtful',
  5: 'improbable',
  6: 'truth cannot be judged',
};

export const SOURCE_KINDS = [
  'report',
  'news',
  'bulletin',
  'claim',
  'dataset',
  'document',
  'interview',
  'social_media',
  'official',
  'other',
] as const;

export const SourceSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  publisher: optionalText,
  kind: z.enum(SOURCE_KINDS).default('other'),
  url: optionalText,
  published: optionalDate,
  reliability: z.enum(RELIABILITY).default('F'),
});
export type Source = z.output<typeof SourceSchema>;

/** Record kinds that evidence can point at; one per stored record table. */
export const RECORD_KINDS = [
  'incident',
  'seizure',
  'item',
  'entity',
  'order',
  'baseline',
  'link',
  'flag',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const EvidenceSchema = z.object({
  record_kind: z.enum(RECORD_KINDS),
  record_id: z.string().min(1),
  source_id: z.string().min(1),
  credibility: z.coerce.number().int().min(1).max(6).default(6),
  page: optionalText.describe(
    'where in the source: "p. 18", "folio 7", "invoice 2015/0612" (a bare page number is stored as "p. N")',
  ),
  excerpt: optionalText,
});
export type Evidence = z.output<typeof EvidenceSchema>;

/**
 * Where in its source a piece of evidence is, as one text: "p. 18", "pp. 18–20", "folio 7",
 * "invoice 2015/0612". A bare page number or range ("18", "18-20") gets its "p."/"pp." here,
 * once, when the evidence is stored, so that every reader shows the field as it is and none
 * adds a second "p." to a locator that already has one.
 */
export function pageLocator(page: string | null | undefined): string | null {
  const p = page?.trim();
  if (!p) return null;
  if (/^\d+$/.test(p)) return `p. ${p}`;
  const range = /^(\d+)\s*[-–]\s*(\d+)$/.exec(p);
  if (range) return `pp. ${range[1]}–${range[2]}`;
  return p;
}

/** A grade in words: "B2" → "usually reliable source; information probably true". */
export function gradeMeaning(
  reliability: string | null | undefined,
  credibility: number | null | undefined,
): string {
  const r = RELIABILITY_LABEL[(reliability ?? 'F') as (typeof RELIABILITY)[number]] ?? 'not graded';
  const c = CREDIBILITY_LABEL[credibility ?? 6] ?? 'not graded';
  return `${r.replace(/^reliability /, 'source reliability ')}${r.startsWith('reliability') ? '' : ' source'}; information ${c.replace(/^truth /, 'whose truth ')}`;
}

/** "B2": a source's reliability followed by the information's credibility. */
export function admiraltyGrade(
  reliability: string | null | undefined,
  credibility: number | null | undefined,
): string {
  return `${reliability ?? 'F'}${credibility ?? 6}`;
}

/** A source as stored and answered. */
export const SourceRecord = recordSchema(SourceSchema).meta({ id: 'Source' });

/** How one source supports one record: the evidence link without its source id. */
export const SupportSchema = recordSchema(EvidenceSchema).omit({ source_id: true });

/** A source as it supports a record, with the link's credibility and the Admiralty grade. */
export const SupportingSourceSchema = SourceRecord.extend(SupportSchema.shape)
  .extend({
    grade: z.string().describe('Admiralty grade: reliability then credibility, e.g. "B2"'),
    grade_meaning: z
      .string()
      .describe('the grade in words: "usually reliable source; information probably true"'),
    same_as: z
      .array(z.string())
      .optional()
      .describe(
        'ids of other sources of the record that are this same publication, folded into it',
      ),
  })
  .meta({ id: 'SupportingSource' });
export type SupportingSource = z.output<typeof SupportingSourceSchema>;
