import { ChokepointError } from './errors.ts';

export interface JsonLine {
  line: number;
  value: unknown;
}

/** Parses JSON lines, skipping blank lines, naming the line of any that is not JSON. */
export function readJsonLines(text: string, file?: string): JsonLine[] {
  const out: JsonLine[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i]!;
    if (i === 0 && raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
    if (raw.trim() === '') continue;
    try {
      out.push({ line: i + 1, value: JSON.parse(raw) });
    } catch (e) {
      throw new ChokepointError('CP_IMPORT_BAD_ROW', `not valid JSON: ${(e as Error).message}`, {
        file,
        line: i + 1,
        expected: 'one JSON object per line',
      });
    }
  }
  return out;
}

export function writeJsonLines(values: Iterable<unknown>): string {
  let out = '';
  for (const v of values) out += JSON.stringify(v) + '\n';
  return out;
}
