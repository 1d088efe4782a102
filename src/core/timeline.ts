import { z } from 'zod';

/**
 * A case's timeline: every dated record on one axis (as the timelines of i2 Analyst's
 * Notebook and Aleph show a case), for `chokepoint timeline`, `GET …/timeline` and the web
 * timeline alike.
 */
export const TIMELINE_KINDS = ['incident', 'order', 'payment', 'seizure', 'document'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TimelineItemSchema = z
  .object({
    kind: z.enum(TIMELINE_KINDS),
    id: z
      .string()
      .describe('the record’s id: an incident, order, payment (FtM), seizure or document'),
    date: z.string().describe('YYYY-MM-DD'),
    title: z.string(),
    detail: z.string().nullable(),
  })
  .meta({ id: 'TimelineItem' });
export type TimelineItem = z.output<typeof TimelineItemSchema>;
