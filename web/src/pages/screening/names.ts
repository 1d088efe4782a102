/**
 * Names pasted or uploaded on the screening page: one name a line, or a CSV with a header
 * naming at least `name` (the `screen` CSV: id, name, schema, country, birth_date…).
 */
export interface NameIn {
  id: string;
  name: string;
  schema: string | null;
  country: string | null;
  birth_date: string | null;
}

/** Cells of one CSV line, quotes honoured (a name may hold a comma: "DARWISH, Youssef"). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

const COLUMNS = ['id', 'name', 'schema', 'country', 'birth_date'] as const;

/** The names of a text, in order, each with an id (its own, or n1, n2…), blank lines skipped. */
export function parseNames(text: string, schema: string | null): NameIn[] {
  const lines = text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const header = lines[0] ? cells(lines[0]).map((h) => h.toLowerCase()) : [];
  if (header.includes('name') && lines.length > 0) {
    const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]));
    return lines.slice(1).flatMap((l, i) => {
      const row = cells(l);
      const get = (c: (typeof COLUMNS)[number]) => (at[c]! >= 0 ? row[at[c]!] || null : null);
      const name = get('name');
      if (!name) return [];
      return [
        {
          id: get('id') ?? `n${i + 1}`,
          name,
          schema: get('schema') ?? schema,
          country: get('country'),
          birth_date: get('birth_date'),
        },
      ];
    });
  }
  return lines.map((l, i) => ({
    id: `n${i + 1}`,
    name: l.trim(),
    schema,
    country: null,
    birth_date: null,
  }));
}
