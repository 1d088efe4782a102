/**
 * Cuts bulletin or news text into headings and incident passages. A bullet (►, ▶, •, -,
 * *, ◆, a number) opens a passage that runs until the next bullet or heading; a plain
 * paragraph is a passage too, and a paragraph holding several "On <date>, …" sentences
 * is cut before each of them, since a bulletin sometimes runs incidents together.
 */
export interface Block {
  kind: 'heading' | 'passage';
  text: string;
  /** 1-based line where the block starts. */
  line: number;
}

const BULLET = /^\s*(?:(?:[►▶•◆▪●○◦‣∙*–—-]|\d{1,3}[.)])\s+)+/u;

export function cleanLine(line: string): string {
  return line
    .replace(/\*\*|__/g, '')
    .replace(/[\u00a0\u2009\u202f]/g, ' ')
    .replace(/[¹²³⁴⁵⁶⁷⁸⁹⁰]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A short line without closing punctuation that is not a sentence: a section heading. */
export function isHeading(line: string): boolean {
  if (!line || line.length > 90) return false;
  if (/[.;:,!?]$/.test(line)) return false;
  if (!/^[A-Z"“‘'(]/.test(line)) return false;
  const words = line.split(' ');
  if (words.length > 12) return false;
  // A sentence with a finite verb of an incident is not a heading even if unpunctuated.
  if (/\b(was|were|killed|wounded|attacked|activated|fired|exploded)\b/.test(line)) return false;
  return true;
}

export function segment(text: string): Block[] {
  const lines = text.split(/\r?\n/);
  const blocks: Block[] = [];
  let current: Block | null = null;
  const flush = () => {
    if (current && current.text.trim()) blocks.push(...splitRunOn(current));
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const bulleted = BULLET.test(raw);
    const line = cleanLine(raw.replace(BULLET, ' '));
    if (!line) {
      flush();
      continue;
    }
    if (bulleted) {
      flush();
      current = { kind: 'passage', text: line, line: i + 1 };
      continue;
    }
    if (
      isHeading(line) &&
      !(current && /[a-z,]$/.test(current.text) && !/[.!?)"”]$/.test(current.text))
    ) {
      flush();
      blocks.push({ kind: 'heading', text: line, line: i + 1 });
      continue;
    }
    if (current) current.text += ` ${line}`;
    else current = { kind: 'passage', text: line, line: i + 1 };
  }
  flush();
  return blocks;
}

const RUN_ON =
  /(?<=[.!?)"”])\s+(?=(?:On|on|Early on|Late on|In the early hours of|Overnight on|Also on)\s+(?:\w+day,?\s+)?(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\w*\b)/g;

function splitRunOn(b: Block): Block[] {
  if (b.kind !== 'passage') return [b];
  const parts = b.text
    .split(RUN_ON)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.map((text) => ({ kind: 'passage' as const, text, line: b.line }));
}

/** Sentences of a passage; abbreviations such as "Brig. Gen." or "U.S." do not end one. */
export function sentences(text: string): string[] {
  const protectedText = text.replace(
    /\b(Gen|Brig|Col|Lt|Maj|Capt|Sgt|Dr|Mr|Mrs|Ms|St|No|approx|U\.S|U\.N|e\.g|i\.e|km|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\./g,
    '$1\uE000',
  );
  return protectedText
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((s) => s.replace(/\uE000/g, '.').trim())
    .filter(Boolean);
}
