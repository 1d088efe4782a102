import { z } from 'zod';
import { RECORD_KINDS } from '../../core/provenance.ts';
import { recordSchema } from '../../core/schema.ts';
import { OrderSchema } from '../../network/orders.ts';
import { MENTION_KINDS } from './types.ts';

export { MENTION_KINDS };

/**
 * Mentions, cross-references and draft orders (issue 21, items 3–5): one Zod schema per
 * record, read by the store's rows, the API and the web types.
 */

export const MENTION_STATES = ['proposed', 'accepted', 'rejected'] as const;
export type MentionState = (typeof MENTION_STATES)[number];

export const MentionSchema = z
  .object({
    id: z.string(),
    document_id: z.string(),
    page: z.number().int().min(1),
    kind: z.enum(MENTION_KINDS),
    text: z.string(),
    normalized: z.string(),
    start: z.number().int().min(0).describe('[start, end) in UTF-16 code units of the page text'),
    end: z.number().int().min(0),
    entity_id: z.string().nullable().describe('the entity the mention names, when known'),
    state: z.enum(MENTION_STATES),
    record_kind: z.enum(RECORD_KINDS).nullable().describe('the record it supports once accepted'),
    record_id: z.string().nullable(),
    decided_by: z.string().nullable(),
    decided_at: z.string().nullable(),
  })
  .meta({ id: 'Mention' });
export type Mention = z.output<typeof MentionSchema>;

/** `documents mentions <id> --json`: the contract's fields first, the rest after. */
export function mentionLine(m: Mention): Record<string, unknown> {
  const { document_id, page, kind, text, normalized, start, end, entity_id, ...rest } = m;
  return { document_id, page, kind, text, normalized, start, end, entity_id, ...rest };
}

/** Accepting a mention: the record it is evidence for (default: the entity it names). */
export const AcceptMentionSchema = z.object({
  record_kind: z.enum(RECORD_KINDS).optional(),
  record_id: z.string().min(1).optional(),
  credibility: z.coerce
    .number()
    .int()
    .min(1)
    .max(6)
    .default(3)
    .describe('Admiralty credibility of what the page says (1 confirmed … 6 cannot be judged)'),
});
export type AcceptMention = z.input<typeof AcceptMentionSchema>;

export const XREF_DECISIONS = ['match', 'no_match'] as const;

export const XrefSchema = z
  .object({
    id: z.string(),
    mention_id: z.string(),
    document_id: z.string(),
    page: z.number().int(),
    name: z.string().describe('the name as the page writes it'),
    target: z
      .enum(['list', 'case'])
      .describe('a sanctions-list entry or an entity of another case'),
    target_case_id: z.string().nullable().describe('the other case (target "case")'),
    list: z.string().nullable().describe('the list (target "list")'),
    entity_id: z.string(),
    entity_name: z.string(),
    score: z.number(),
    explanation: z.record(z.string(), z.object({ value: z.number(), weight: z.number() })),
    decision: z.enum(XREF_DECISIONS).nullable(),
    decided_by: z.string().nullable(),
    decided_at: z.string().nullable(),
  })
  .meta({ id: 'DocumentXref' });
export type Xref = z.output<typeof XrefSchema>;

export const PAPERWORK_KINDS = ['invoice', 'proforma', 'packing_list'] as const;
export type PaperworkKind = (typeof PAPERWORK_KINDS)[number];
export const DRAFT_STATES = ['draft', 'confirmed', 'discarded'] as const;

/** An order as paperwork proposes it: any field may be missing until an analyst fills it. */
export const DraftFieldsSchema = recordSchema(OrderSchema)
  .partial()
  .meta({ id: 'DraftOrderFields' });

export const DraftOrderSchema = z
  .object({
    id: z.string(),
    document_id: z.string(),
    kind: z.enum(PAPERWORK_KINDS),
    fields: DraftFieldsSchema,
    state: z.enum(DRAFT_STATES),
    order_id: z.string().nullable().describe('the order made when confirmed'),
    created_at: z.string(),
    decided_by: z.string().nullable(),
    decided_at: z.string().nullable(),
  })
  .meta({ id: 'DraftOrder' });
export type DraftOrder = z.output<typeof DraftOrderSchema>;
