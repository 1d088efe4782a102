import { z } from 'zod';
import { ISO_DATE_RE } from './date.ts';
import { ChokepointError } from './errors.ts';

/** Shared pieces of the record schemas. */

/** A day that exists, as YYYY-MM-DD (2021-02-30 is refused): see core/date.ts. */
export const isoDate = z.string().regex(ISO_DATE_RE, 'a date as YYYY-MM-DD');

/** An empty CSV cell is "not given": null, never 0 or "". */
export function emptyToNull(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' && v.trim() === '') return null;
  return v;
}

export const optionalText = z.preprocess(emptyToNull, z.string().nullable());

export const optionalNumber = z.preprocess((v) => {
  const e = emptyToNull(v);
  if (typeof e === 'string') {
    const n = Number(e.replace(/,/g, ''));
    return Number.isFinite(n) ? n : e;
  }
  return e;
}, z.number().nullable());

/**
 * The largest whole number a column holds: integer columns are 32-bit on PostgreSQL, and
 * SQLite is held to the same range so that a file gets one verdict on both databases.
 */
export const INT_MAX = 2_147_483_647;
export const INT_MIN = -2_147_483_648;
const INT_RANGE = `a whole number from ${INT_MIN} to ${INT_MAX}`;

/** A whole number within the integer columns' range (checked before int(): 1e23 names the range too). */
export const wholeNumber = z
  .number({ error: 'not a number' })
  .max(INT_MAX, `larger than the largest whole number stored (${INT_MAX})`)
  .min(INT_MIN, `smaller than the smallest whole number stored (${INT_MIN})`)
  .int(INT_RANGE);

export const optionalInt = z.preprocess((v) => {
  const e = emptyToNull(v);
  if (typeof e === 'string') {
    const n = Number(e);
    return Number.isFinite(n) ? n : e;
  }
  return e;
}, wholeNumber.nullable());

export const optionalDate = z.preprocess(emptyToNull, isoDate.nullable());

/**
 * Validates one input row against its record schema; a failure becomes a coded error
 * naming the file, line and field, and what the field expects.
 */
export function parseRow<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: { file?: string; line?: number },
): z.output<T> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.join('.');
  const got =
    value && typeof value === 'object' && issue.path.length > 0
      ? (value as Record<string, unknown>)[String(issue.path[0])]
      : undefined;
  // Zod's own message repeats the allowed values that `expected` already lists.
  const message = issue.code === 'invalid_value' ? 'not an allowed value' : issue.message;
  throw new ChokepointError('CP_IMPORT_BAD_ROW', `invalid value: ${message}`, {
    ...where,
    field: field || undefined,
    expected: describeExpected(issue),
    got: got === undefined || got === null ? undefined : String(got),
  });
}

function describeExpected(issue: z.core.$ZodIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_value':
      return `one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'invalid_type':
      return issue.expected;
    case 'too_small':
      return `at least ${String(issue.minimum)}`;
    case 'too_big':
      return `at most ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.message;
    default:
      return undefined;
  }
}

/**
 * The record a reader schema produces, as a schema of its own: the output side of every
 * cell reader (`z.preprocess`, pipes) and defaults taken as given. Readers turn CSV cells
 * into records and cannot run backwards; this one checks (and encodes) a record already
 * read — the response schemas of the API and the OpenAPI document are built from it.
 */
export function recordSchema<T extends z.ZodType>(schema: T): RecordOf<T> {
  return outputSide(schema) as RecordOf<T>;
}

/** The type of `recordSchema(T)`. */
export type RecordOf<T> =
  T extends z.ZodPipe<z.ZodType, infer B extends z.ZodType>
    ? RecordOf<B>
    : T extends z.ZodDefault<infer I extends z.ZodType>
      ? RecordOf<I>
      : T extends z.ZodPrefault<infer I extends z.ZodType>
        ? RecordOf<I>
        : T extends z.ZodOptional<infer I extends z.ZodType>
          ? z.ZodOptional<RecordOf<I>>
          : T extends z.ZodNullable<infer I extends z.ZodType>
            ? z.ZodNullable<RecordOf<I>>
            : T extends z.ZodArray<infer E extends z.ZodType>
              ? z.ZodArray<RecordOf<E>>
              : T extends z.ZodObject<infer S, infer C>
                ? z.ZodObject<{ -readonly [K in keyof S]: RecordOf<S[K]> }, C>
                : T;

function outputSide(s: z.ZodType): z.ZodType {
  const def = (s as z.ZodType & { _zod: { def: Record<string, unknown> & { type: string } } })._zod
    .def;
  const inner = (key: string) => outputSide(def[key] as z.ZodType);
  switch (def.type) {
    case 'pipe':
      return inner('out');
    case 'default':
    case 'prefault':
    case 'catch':
      return inner('innerType');
    case 'optional':
      return inner('innerType').optional();
    case 'nullable':
      return inner('innerType').nullable();
    case 'array':
      return z.array(inner('element'));
    case 'record':
      return z.record(def.keyType as z.ZodString, inner('valueType'));
    case 'union':
      return z.union((def.options as z.ZodType[]).map(outputSide) as [z.ZodType, z.ZodType]);
    case 'object': {
      const shape = (s as z.ZodObject).shape;
      const out = z.object(
        Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, outputSide(v)])),
      );
      return def.catchall ? out.catchall(outputSide(def.catchall as z.ZodType)) : out;
    }
    case 'transform':
      throw new Error('recordSchema: a transform has no output schema of its own');
    default:
      return s;
  }
}
