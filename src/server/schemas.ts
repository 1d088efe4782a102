import { z } from 'zod';
import { ERROR_CATALOGUE } from '../core/errors.ts';
import { isoDate } from '../core/schema.ts';

/** Schemas shared by the route plugins; each record's own schema stays in its domain. */

export const CASE = '/api/cases/:caseId';

/** A record, case or item id in a path. */
export const Id = z.string().min(1).max(200);
export const CaseParams = z.object({ caseId: Id });
export const CaseIdParams = z.object({ caseId: Id, id: Id });

export const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const DateRange = z.object({ from: isoDate.optional(), to: isoDate.optional() });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CATALOGUE) as [keyof typeof ERROR_CATALOGUE]),
      status: z.number().int(),
      message: z.string(),
      file: z.string().optional(),
      line: z.number().int().optional(),
      field: z.string().optional(),
      expected: z.string().optional(),
      got: z.string().optional(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** The paginated list envelope of the contract. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function page<T>(items: T[], total: number, p: { limit: number; offset: number }): Page<T> {
  return { items, total, limit: p.limit, offset: p.offset };
}

/** Pages a list already in memory (small per-case lists: sources, queue, junctions). */
export function pageInMemory<T>(all: T[], p: { limit: number; offset: number }): Page<T> {
  return page(all.slice(p.offset, p.offset + p.limit), all.length, p);
}

/** Error responses every authenticated route can give, for the OpenAPI document. */
export const COMMON_ERRORS = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
} as const;
