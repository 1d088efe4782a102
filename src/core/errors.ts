/**
 * The one catalogue of coded errors. Every error a user can meet has a code here, an HTTP
 * status, and a message that says what went wrong, where (file, line, field) and what was
 * expected. Domain code throws `ChokepointError`; the CLI prints it, the server maps it.
 */

export const ERROR_CATALOGUE = {
  // Input malformed in no more specific way; a failure a caller can act on has its own code
  // below (src/server/errors.test.ts caps the sites that raise this one).
  CP_BAD_INPUT: { status: 400, title: 'Bad input' },
  CP_IMPORT_BAD_ROW: { status: 400, title: 'A row of the file was refused' },
  CP_IMPORT_BAD_HEADER: { status: 400, title: 'The file header is not the expected one' },
  CP_IMPORT_BAD_FILE: { status: 400, title: 'The file could not be read' },
  CP_UNKNOWN_KIND: { status: 400, title: 'Unknown record kind' },
  CP_BAD_SELECTOR: { status: 400, title: 'Bad selector' },
  CP_BAD_DATE: { status: 400, title: 'Bad date' },
  CP_BAD_OPTION: { status: 400, title: 'An option or parameter has a bad value' },
  CP_BAD_REQUEST: { status: 400, title: 'The request does not match its schema' },
  CP_BAD_UPLOAD: { status: 400, title: 'The upload is not a usable file' },
  CP_BAD_TEXT: { status: 400, title: 'The text holds characters that cannot be stored' },
  CP_DUPLICATE_ID: { status: 400, title: 'The same id appears twice in one input' },
  CP_EMPTY_INPUT: { status: 400, title: 'Nothing to work on' },
  CP_BAD_RULES: { status: 400, title: 'Unknown or invalid red-flag rules' },
  CP_BAD_MAPPING: { status: 400, title: 'The column mapping is not valid' },
  CP_BAD_DRAFT: { status: 400, title: 'The draft cannot become a record as it stands' },
  CP_BAD_GRAPH: { status: 422, title: 'The network cannot be analysed as asked' },
  CP_LIMIT_EXCEEDED: { status: 413, title: 'The input exceeds a stated limit' },
  CP_UNSUPPORTED: { status: 400, title: 'Not supported on this database or build' },
  CP_EXTRACT_FAILED: { status: 422, title: 'A document could not be read at one stage' },
  CP_NOT_FOUND: { status: 404, title: 'Not found' },
  CP_CONFLICT: { status: 409, title: 'Conflict with stored records' },
  CP_UNAUTHENTICATED: { status: 401, title: 'Not signed in' },
  CP_FORBIDDEN: { status: 403, title: 'Not allowed' },
  CP_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  CP_PAYLOAD_TOO_LARGE: { status: 413, title: 'Upload too large' },
  CP_DB_UNAVAILABLE: { status: 503, title: 'Database unavailable' },
  CP_DB_URL: { status: 400, title: 'Bad database URL' },
  CP_INTERNAL: { status: 500, title: 'Internal error' },
  CP_CANCELLED: { status: 409, title: 'The job was cancelled' },
  CP_JOB_LOST: { status: 500, title: 'The worker running the job stopped before it finished' },
  CP_JOB_NOT_DONE: { status: 409, title: 'The job has no result (yet)' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Where in the input the problem sits; every part is optional. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
  expected?: string;
  got?: string;
}

export class ChokepointError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly location: ErrorLocation;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, details?: unknown) {
    super(formatMessage(message, location));
    this.name = 'ChokepointError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.location = location;
    this.details = details;
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      status: this.status,
      message: this.message,
      ...this.location,
      ...(this.details === undefined ? {} : { details: this.details }),
    };
  }
}

function formatMessage(message: string, loc: ErrorLocation): string {
  const where = [
    loc.file,
    loc.line !== undefined ? `line ${loc.line}` : undefined,
    loc.field !== undefined ? `field "${loc.field}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const expected = loc.expected
    ? ` (expected ${loc.expected}${loc.got !== undefined ? `, got ${JSON.stringify(loc.got)}` : ''})`
    : '';
  return `${where ? `${where}: ` : ''}${message}${expected}`;
}

export function isChokepointError(e: unknown): e is ChokepointError {
  return e instanceof ChokepointError;
}

/** Wraps anything thrown into a coded error, keeping coded ones as they are. */
export function toChokepointError(e: unknown): ChokepointError {
  if (e instanceof ChokepointError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new ChokepointError('CP_INTERNAL', message);
}

/** A coded error as a worker thread or process posts it: plain data that survives cloning. */
export interface PostedError {
  code: string;
  message: string;
  location: ErrorLocation;
  details?: unknown;
}

/** What a worker posts when it fails: the coded error as it is, anything else as `CP_INTERNAL`. */
export function postedError(e: unknown): PostedError {
  const err = toChokepointError(e);
  const internal = err.code === 'CP_INTERNAL' && e instanceof Error && e.stack;
  return {
    code: err.code,
    message: internal ? `${err.message}\n${e.stack}` : err.message,
    location: err.location,
    details: err.details,
  };
}

/** The coded error a worker posted, with its code, message, location and details kept. */
export function fromPostedError(p: PostedError): ChokepointError {
  const code = (p.code in ERROR_CATALOGUE ? p.code : 'CP_INTERNAL') as ErrorCode;
  const e = new ChokepointError(code, '', p.location, p.details);
  e.message = p.message;
  return e;
}
