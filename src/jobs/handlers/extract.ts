import { z } from 'zod';
import { extractText } from '../../app/incidents.ts';
import type { Incident } from '../../incidents/schema.ts';
import type { JobHandler } from '../types.ts';

export const ExtractJobInput = z.object({
  text: z.string(),
  doc_date: z.string().nullable().default(null),
  source: z.string().nullable().default(null),
});

export type ExtractJobInput = z.input<typeof ExtractJobInput>;
export type ExtractJobResult = { incidents: Incident[] };

/** Incident extraction from a long text (src/app/incidents.ts) as a job: nothing is stored. */
export const handler: JobHandler<unknown, ExtractJobResult> = async (_store, raw, ctx) => {
  const input = ExtractJobInput.parse(raw);
  ctx.progress(0, input.text.length, 'extracting');
  const incidents = extractText(input.text, { docDate: input.doc_date, sourceName: input.source });
  ctx.progress(input.text.length, input.text.length, 'extracting');
  ctx.count('incidents', incidents.length);
  return { incidents };
};
