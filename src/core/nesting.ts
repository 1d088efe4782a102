import { ChokepointError } from './errors.ts';

/**
 * Guards run over a text before it is parsed: nesting deeper than `MAX_NESTING` (a JSON
 * line of 100 000 brackets, an XML document 50 000 elements deep) is refused before a
 * recursive parser or validator can overflow the stack, and XML with a document type
 * declaration is refused outright (a DTD can declare external entities that read files, or
 * entities that expand without end; no format Chokepoint reads needs one). Both scans are
 * linear and allocate nothing.
 */

/** The deepest nesting any import reads: JSON objects and arrays, XML elements. */
export const MAX_NESTING = 64;

/** The 1-based line of a character offset. */
export function lineAt(text: string, offset: number, from = 0, fromLine = 1): number {
  let line = fromLine;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1))
    line++;
  return line;
}

function countUpTo(text: string, ch: string, start: number, end: number, limit: number): number {
  let n = 0;
  for (
    let i = text.indexOf(ch, start);
    i >= 0 && i < end && n <= limit;
    i = text.indexOf(ch, i + 1)
  )
    n++;
  return n;
}

/**
 * The offset at which JSON in `text[start, end)` nests deeper than `max`, or -1. A text
 * with no more than `max` opening brackets cannot, and is passed after two native scans;
 * others are walked once, skipping strings.
 */
export function jsonTooDeepAt(
  text: string,
  start = 0,
  end = text.length,
  max = MAX_NESTING,
): number {
  const openers = countUpTo(text, '{', start, end, max);
  if (openers + countUpTo(text, '[', start, end, max - openers) <= max) return -1;
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** A refusal of nesting beyond `MAX_NESTING`, at `line`. */
export function tooDeep(file: string | undefined, line: number, what: string): ChokepointError {
  return new ChokepointError(
    'CP_LIMIT_EXCEEDED',
    `${what} nested more than ${MAX_NESTING} levels deep`,
    { file, line, expected: `at most ${MAX_NESTING} levels of nesting` },
  );
}

/**
 * Checks an XML text before parsing: no document type declaration (nor any other `<!`
 * markup than comments and CDATA), elements nested at most `max` deep. Throws
 * CP_IMPORT_BAD_FILE (field DOCTYPE) or CP_LIMIT_EXCEEDED naming the line.
 */
export function checkXmlText(text: string, file?: string, max = MAX_NESTING): void {
  let depth = 0;
  const n = text.length;
  for (let i = text.indexOf('<'); i >= 0; i = text.indexOf('<', i + 1)) {
    const c = text.charCodeAt(i + 1);
    if (c === 33 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const e = text.indexOf('-->', i + 4);
        if (e < 0) return; // unclosed: the parser names it
        i = e + 2;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const e = text.indexOf(']]>', i + 9);
        if (e < 0) return;
        i = e + 2;
        continue;
      }
      const word = /^<!([A-Za-z]*)/.exec(text.slice(i, i + 12))![1]!.toUpperCase() || '<!';
      throw new ChokepointError(
        'CP_IMPORT_BAD_FILE',
        `a ${word} declaration: document types and entities are not read (they can read files or expand without end)`,
        { file, line: lineAt(text, i), field: word, expected: 'XML without a DOCTYPE' },
      );
    }
    if (c === 63 /* ? */) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return;
      i = e + 1;
      continue;
    }
    if (c === 47 /* / */) {
      depth--;
      continue;
    }
    // An opening tag: find its end, skipping quoted attribute values.
    let j = i + 1;
    let quote = 0;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (quote) {
        if (d === quote) quote = 0;
      } else if (d === 34 || d === 39) quote = d;
      else if (d === 62 /* > */) break;
    }
    if (j >= n) return;
    if (text.charCodeAt(j - 1) !== 47 /* self-closing */ && ++depth > max)
      throw tooDeep(file, lineAt(text, i), 'XML elements');
    i = j;
  }
}
