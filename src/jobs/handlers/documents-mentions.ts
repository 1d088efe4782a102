import { z } from 'zod';
import { extractDocumentMentions, type ExtractResult } from '../../app/mentions.ts';
import type { JobHandler } from '../types.ts';

export const MentionsJobInput = z.object({
  case_id: z.string().min(1),
  document_ids: z.array(z.string().min(1)).min(1),
});

/** Mentions (and draft orders) of documents, after their ingest: `documents.mentions`. */
export const handler: JobHandler<unknown, { documents: ExtractResult[] }> = async (
  store,
  raw,
  ctx,
) => {
  const input = MentionsJobInput.parse(raw);
  const documents: ExtractResult[] = [];
  for (const id of input.document_ids) {
    documents.push(await extractDocumentMentions(store, input.case_id, id, ctx));
    ctx.count('documents');
    ctx.count('mentions', documents.at(-1)!.proposed);
  }
  return { documents };
};
