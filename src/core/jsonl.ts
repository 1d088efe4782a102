import { ChokepointError } from './errors.ts';
import { jsonTooDeepAt, tooDeep } from './nesting.ts';

export interface JsonLine {
  line: number;
  value: unknown;
}

/**
 * Parses JSON lines, skipping blank lines, naming the line of any that is not JSON. A line
 * nested deeper than MAX_NESTING is refused before it is parsed (CP_LIMIT_EXCEEDED); text
 * that cannot be stored (a NUL character, raw or escaped, or half of a surrogate pair) is
 * refused naming its line and field (CP_BAD_TEXT).
 */
export function readJsonLines(text: string, file?: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = text.split(/\r?\n/);
  // Escapes that decode to unstorable text; most files hold none, and are not walked.
  const suspect = text.indexOf('\0') >= 0 || /\\u(?:0000|d[89a-f])/i.test(text);
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    if (i === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() === '') continue;
    if (jsonTooDeepAt(raw) >= 0) throw tooDeep(file, i + 1, 'JSON objects and arrays');
    // A raw NUL is not JSON; escaped, it is found below with the field that holds it.
    if (suspect && raw.indexOf('\0') >= 0) raw = raw.replace(/\0/g, '\\u0000');
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      if (suspect && raw.includes('\\u0000')) throw badText(file, i + 1, undefined, 'NUL');
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `not valid JSON: ${(e as Error).message}`, {
        file,
        line: i + 1,
        expected: 'one JSON object per line',
      });
    }
    if (suspect) {
      const bad = unstorableIn(value, '');
      if (bad) throw badText(file, i + 1, bad.path || undefined, bad.what);
    }
    out.push({ line: i + 1, value });
  }
  return out;
}

function badText(
  file: string | undefined,
  line: number,
  field: string | undefined,
  what: 'NUL' | 'surrogate',
): ChokepointError {
  return new ChokepointError(
    'CP_BAD_TEXT',
    what === 'NUL'
      ? 'a NUL character (U+0000) in the text'
      : 'half of a UTF-16 surrogate pair (\\ud800–\\udfff alone) in the text',
    { file, line, field, expected: 'text without NUL characters or lone surrogates' },
  );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What cannot be stored in a string: a NUL, or a lone surrogate (it would become U+FFFD). */
export function unstorable(s: string): 'NUL' | 'surrogate' | null {
  if (s.indexOf('\0') >= 0) return 'NUL';
  return LONE_SURROGATE.test(s) ? 'surrogate' : null;
}

/** The first string (key or value) in a parsed value that cannot be stored, and its path. */
function unstorableIn(
  v: unknown,
  path: string,
): { path: string; what: 'NUL' | 'surrogate' } | null {
  if (typeof v === 'string') {
    const what = unstorable(v);
    return what ? { path, what } : null;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const r = unstorableIn(v[i], path ? `${path}.${i}` : String(i));
      if (r) return r;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      const what = unstorable(k);
      if (what) return { path: p, what };
      const r = unstorableIn(x, p);
      if (r) return r;
    }
  }
  return null;
}

export function writeJsonLines(values: Iterable<unknown>): string {
  let out = '';
  for (const v of values) out += JSON.stringify(v) + '\n';
  return out;
}
