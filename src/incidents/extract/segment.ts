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

/**
 * A news story (no bullet anywhere, at most one heading-like line after the first) is one
 * passage: its headline and paragraphs read together, since a lead, its detail and its
 * claim sit in different paragraphs. The headline also stays a heading (place context)
 * and opens the passage as a sentence of its own. Bulletins are cut as below.
 */
export function segment(text: string): Block[] {
  const lines = text.split(/\r?\n/);
  if (!lines.some((l) => BULLET.test(l))) {
    const clean = lines.map(cleanLine);
    const headingLike = clean.filter(
      (l, i) => i > 0 && l && isHeading(l) && !/[a-z,]$/.test(clean[i - 1] ?? '.'),
    ).length;
    if (headingLike <= 1 && clean.some((l) => l && !isHeading(l))) {
      const blocks: Block[] = [];
      const parts: string[] = [];
      clean.forEach((l, i) => {
        if (!l) return;
        const prev = parts[parts.length - 1];
        if (isHeading(l) && (!prev || /[.!?)"”:]$/.test(prev))) {
          blocks.push({ kind: 'heading', text: l, line: i + 1 });
          parts.push(`${l}.`);
        } else if (
          prev &&
          !/[.!?"”…:]$/.test(prev) &&
          (/^[a-z(]/.test(l) ||
            /(?:,|\b(?:and|or|the|of|in|to|a|an|by|with|for|on|at|from|that|which|who|its|their|his|her))$/i.test(
              prev,
            ))
        )
          parts[parts.length - 1] = `${prev} ${l}`;
        else {
          // A line without closing punctuation before a new capitalised line is a unit of its own.
          if (prev && !/[.!?"”…:]$/.test(prev)) parts[parts.length - 1] = `${prev}.`;
          parts.push(l);
        }
      });
      const first = clean.findIndex((l) => l);
      blocks.push({ kind: 'passage', text: parts.join(' '), line: first + 1 });
      return blocks;
    }
  }
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

export interface SentenceSpan {
  text: string;
  start: number;
  end: number;
}

/** Sentences with their character offsets in the text. */
export function sentenceSpans(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  let from = 0;
  for (const s of sentences(text)) {
    const i = text.indexOf(s, from);
    const start = i < 0 ? from : i;
    out.push({ text: s, start, end: start + s.length });
    from = start + s.length;
  }
  return out;
}

const MONTH_RE =
  '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const MONTH_ANY = new RegExp(MONTH_RE, 'i');
const HAS_DATE = new RegExp(MONTH_RE + String.raw`\s+\d|\d\s+(?:of\s+)?` + MONTH_RE, 'i');
const DATE_LED = new RegExp(
  String.raw`^(?:On|Early on|Late on|Overnight on|On the night of)\s+(?:\w+day,?\s+(?:the\s+)?)?(\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_RE}|${MONTH_RE}\s+\d{1,2}(?:st|nd|rd|th)?)\b`,
  'i',
);

/** A sentence that opens another incident than the one described so far. */
const NEW_INCIDENT = [
  /^(?:In|On) (?:a |an )?(?:separate|another|other|a second|a related|a similar) (?:attack|incident|statement|development|case|assault|operation|raid)\b/i,
  /^(?:Separately|Meanwhile|Elsewhere|In other news|In a related development)\b/i,
  /^Also (?:on|in|that|the same)\b/i,
  /^(?:Earlier|Later)\b/i,
  /^(?:The|On the) (?:following|next|previous) (?:day|night|morning|evening)\b|^(?:A|One|Two|Three) days? (?:earlier|later|before|after)\b|^(?:In|On) the same (?:day|night)\b/i,
  /^[^.]{0,80}?,\s*on the same (?:day|night)\b/i,
  /\b(?:a|the) second (?:IED|bomb|attack|explosion|blast|incident|assault|ambush|suicide)\b/i,
  /^(?:[A-Z][\w-]*|It|The group|The militants|The jihadists) also (?:claimed|said it|reported)\b/,
  /\bcame (?:just |only )?(?:a day|a week|hours|days|\w+ days|\w+ hours) (?:after|before)\b/i,
  /^This (?:is|was) the (?:first|second|third|latest|deadliest|biggest)\b[^.]*\bsince\b/i,
];

/** A figure or a lead covering several incidents at once ("killed in two attacks"). */
export const AGGREGATE =
  /\b(?:in|during|claims?|claimed(?: responsibility for)?|carried out|launched|conducted)\s+(?:the\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|a series of|a string of|a spate of)\b[\w\s-]{0,24}?\b(?:attacks|operations|incidents|raids|assaults|bombings|explosions|ambushes)\b|\b(?:two|three|four|five|\d+)-[\w-]+ attacks\b|\b(?:died|killed|dead|wounded|injured)\s+in\s+(?:separate\s+|different\s+)?attacks\b|\bin an? [\w\s-]{0,30}?\b(?:attack|bombing|blast|explosion)\b[^.;]{0,80}?\band an? [\w\s-]{0,20}?\b(?:clash|attack|ambush|bombing|fighting)\b/i;

export interface IncidentGroup {
  /** Sentences of the incident, with offsets in the passage. */
  sentences: SentenceSpan[];
  /** Which of them describe several incidents at once. */
  aggregate: boolean[];
}

/**
 * Cuts a passage into the incidents it describes: a sentence opening with "In another
 * attack", "Earlier on December 22", "Also on Wednesday", "The following day", "a second
 * IED", "X also claimed", or a date other than the one the incident so far has, starts a
 * new incident. The first group is the incident the passage is about (a lead that sums
 * several incidents stays with it, flagged, and gives way to the detail).
 */
export function splitIncidents(passage: string): IncidentGroup[] {
  const spans = sentenceSpans(passage);
  const groups: IncidentGroup[] = [];
  let cur: IncidentGroup | null = null;
  for (const sp of spans) {
    const t = sp.text.replace(/^["“'‘]+/, '');
    let fresh = cur !== null && NEW_INCIDENT.some((re) => re.test(t));
    const d = DATE_LED.exec(t);
    if (cur && !fresh && d) {
      const soFar = cur.sentences.map((s) => s.text).join(' ');
      const day = /\d{1,2}/.exec(d[1]!)![0];
      const month = MONTH_ANY.exec(d[1]!)![0].slice(0, 3).toLowerCase();
      const sameDay = new RegExp(
        String.raw`\b${day}(?:st|nd|rd|th)?\b[^.]{0,30}\b${month}|\b${month}\w*\.?\s+(?:\d{1,2}\s*(?:and|-|–|,)\s*)*${day}\b`,
        'i',
      ).test(soFar);
      const hasDate = HAS_DATE.test(soFar);
      fresh = hasDate && !sameDay;
    }
    if (!cur || fresh) {
      cur = { sentences: [], aggregate: [] };
      groups.push(cur);
    }
    cur.sentences.push(sp);
    cur.aggregate.push(
      AGGREGATE.test(sp.text) &&
        !/\b(?:simultaneous|coordinated|twin|double|near-simultaneous)\b/i.test(sp.text),
    );
  }
  return groups;
}
