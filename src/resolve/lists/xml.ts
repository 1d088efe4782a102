import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ChokepointError } from '../../core/errors.ts';
import { checkXmlText, lineAt } from '../../core/nesting.ts';

/**
 * What the list readers share for XML: the hostile-input checks before any parser sees the
 * text (no DOCTYPE, bounded nesting, well-formed), and small accessors over the plain
 * objects a tree reader gives.
 */

export type Node = Record<string, unknown>;

/** Refuses a DOCTYPE, deep nesting or XML that is not well formed, naming file and line. */
export function checkListXml(text: string, file: string, expected: string): void {
  checkXmlText(text, file);
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new ChokepointError('CP_IMPORT_BAD_FILE', `not well-formed XML: ${valid.err.msg}`, {
      file,
      line: valid.err.line,
      expected,
    });
}

/**
 * A tree that keeps attributes (as `@name`): the EU file carries its data in attributes,
 * which the linear reader of core/xml.ts drops. Called only after `checkListXml`.
 */
export function readXmlWithAttributes(text: string, repeated: ReadonlySet<string>): Node {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    removeNSPrefix: true,
    isArray: (name) => repeated.has(name),
  });
  return parser.parse(text) as Node;
}

/** The text of a value (an element holding only text, or its '#text'); null when empty. */
export function text(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'object') {
    const t = (v as Node)['#text'];
    return t === undefined ? null : String(t).trim() || null;
  }
  const s = String(v).trim();
  return s || null;
}

/** A value as a list of element objects (one, many or none). */
export function nodes(v: unknown): Node[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Node => typeof x === 'object' && x !== null);
}

/** The line of each opening `<tag>` in the text, in order, counted on (linear). */
export function linesOf(text: string, tag: string): number[] {
  const out: number[] = [];
  const re = new RegExp(`<(?:\\w+:)?${tag}[\\s>/]`, 'g');
  let m: RegExpExecArray | null;
  let at = 0;
  let line = 1;
  while ((m = re.exec(text))) {
    line = lineAt(text, m.index, at, line);
    at = m.index;
    out.push(line);
  }
  return out;
}

/** The value of an attribute of the first `<tag …>` in the first 8 KB (a list's date). */
export function headAttribute(text: string, tag: string, attr: string): string | null {
  const m = new RegExp(`<(?:\\w+:)?${tag}\\b[^>]*?\\s${attr}="([^"]*)"`).exec(text.slice(0, 8192));
  return m ? m[1]!.trim() || null : null;
}
