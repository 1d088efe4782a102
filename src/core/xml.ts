/**
 * XML already checked well formed (fast-xml-parser's validator) and free of DOCTYPEs
 * (core/nesting.ts) read into plain objects, in one pass with `indexOf` jumps and an explicit
 * stack: no recursion, linear in the text. The shape is fast-xml-parser's with attributes
 * ignored, values kept as text and trimmed: an element holding only text is its text (an
 * empty one ''), one with children an object of them (a child seen twice, or named by
 * `isArray`, a list), text beside children under '#text'. Objects have no prototype, so no
 * element name can reach one. About ten times faster than XMLParser on a 23 MB UN list.
 */

export type XmlNode = Record<string, unknown>;

interface Frame {
  name: string;
  children: XmlNode | null;
  text: string[];
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five named entities and numeric character references decoded; others kept as written. */
function decode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return NAMED[ref] ?? all;
  });
}

function add(into: XmlNode, name: string, value: unknown, isArray: (n: string) => boolean): void {
  const had = into[name];
  if (had === undefined) into[name] = isArray(name) ? [value] : value;
  else if (Array.isArray(had)) had.push(value);
  else into[name] = [had, value];
}

function valueOf(f: Frame): unknown {
  const text = f.text.join('').trim();
  if (!f.children) return text;
  if (text) f.children['#text'] = text;
  return f.children;
}

export function readXmlTree(
  text: string,
  isArray: (name: string) => boolean = () => false,
): XmlNode {
  const root: Frame = { name: '', children: Object.create(null) as XmlNode, text: [] };
  const stack: Frame[] = [root];
  const n = text.length;
  let pos = 0;
  for (;;) {
    const lt = text.indexOf('<', pos);
    const top = stack[stack.length - 1]!;
    if (lt < 0) break;
    if (lt > pos && stack.length > 1) top.text.push(decode(text.slice(pos, lt)));
    if (text.startsWith('<!--', lt)) {
      pos = text.indexOf('-->', lt + 4) + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      top.text.push(text.slice(lt + 9, end));
      pos = end + 3;
    } else if (text.charCodeAt(lt + 1) === 63 /* ? */) {
      pos = text.indexOf('?>', lt + 2) + 2;
    } else if (text.charCodeAt(lt + 1) === 33 /* ! */) {
      pos = text.indexOf('>', lt + 2) + 1;
    } else if (text.charCodeAt(lt + 1) === 47 /* / */) {
      pos = text.indexOf('>', lt + 2) + 1;
      const f = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.children ??= Object.create(null) as XmlNode;
      add(parent.children, f.name, valueOf(f), isArray);
    } else {
      let j = lt + 1;
      let quote = 0;
      for (; j < n; j++) {
        const c = text.charCodeAt(j);
        if (quote) {
          if (c === quote) quote = 0;
        } else if (c === 34 || c === 39) quote = c;
        else if (c === 62 /* > */) break;
      }
      const name = /^[^\s/>]+/.exec(text.slice(lt + 1, Math.min(j, lt + 256)))![0];
      if (text.charCodeAt(j - 1) === 47 /* self-closing */) {
        top.children ??= Object.create(null) as XmlNode;
        add(top.children, name, '', isArray);
      } else stack.push({ name, children: null, text: [] });
      pos = j + 1;
    }
  }
  return root.children!;
}
