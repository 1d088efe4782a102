import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { listBaseline } from '../src/store/arms.ts';
import { listEntities } from '../src/store/entities.ts';
import { getIncident } from '../src/store/incidents.ts';
import { listImports } from '../src/store/importer.ts';
import { listEntitiesOf } from '../src/store/lists.ts';
import { storeStats } from '../src/store/stats.ts';
import { deepJsonLine, deepUnXml } from './hostile/generate.ts';
import { describeEachStore, runCli, type StoreContext } from './stores.ts';

/**
 * The hostile corpus (test/hostile/, files named KIND--WHAT.EXT) through the real CLI on a
 * fresh SQLite file and a fresh PostgreSQL schema: each refused file gets the code, line and
 * field below on both databases, and the store is left as it was (imports are all or
 * nothing per file). One `import KIND … --keep-going --json` per kind keeps the run short.
 * The files an import reads (other encodings) are checked for what they store. Generated
 * here: a 100 000-deep JSON line and a 50 000-deep XML document (refused before parsing).
 */

const DIR = fileURLToPath(new URL('./hostile/', import.meta.url));

interface Verdict {
  code: string;
  line: number;
  field?: string;
}

/** Every refused file and its verdict, the same on both databases. */
const REFUSED: Record<string, Verdict> = {
  'acled--date-13-45.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'event_date' },
  'acled--date-feb-30.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'event_date' },
  'acled--duplicate-id.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'event_id_cnty' },
  'acled--empty.csv': { code: 'CP_IMPORT_BAD_FILE', line: 1 },
  'acled--fatalities-1e23.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'fatalities' },
  'acled--fatalities-3000000000.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'fatalities' },
  'acled--fatalities-negative.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'fatalities' },
  'acled--gzip.csv': { code: 'CP_IMPORT_BAD_FILE', line: 1 },
  'acled--latitude-91.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'latitude' },
  'acled--missing-column.csv': { code: 'CP_IMPORT_BAD_HEADER', line: 1, field: 'fatalities' },
  'acled--nul-byte.csv': { code: 'CP_BAD_TEXT', line: 3, field: 'notes' },
  'acled--truncated-last-row.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'admin1' },
  'acled--unclosed-quote.csv': { code: 'CP_IMPORT_BAD_FILE', line: 3 },
  'acled--utf32le.csv': { code: 'CP_IMPORT_BAD_FILE', line: 1 },
  'baseline--count-1e23.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'count' },
  'baseline--count-3000000000.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'count' },
  'baseline--count-negative.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'count' },
  'baseline--duplicate-key.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'model' },
  'baseline--nul-byte.csv': { code: 'CP_BAD_TEXT', line: 3, field: 'model' },
  'ftm--dangling-relation.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'properties.asset' },
  'ftm--lowercase-schema.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'schema' },
  'ftm--nul-escape.jsonl': { code: 'CP_BAD_TEXT', line: 2, field: 'properties.name.0' },
  'ftm--properties-not-list.jsonl': {
    code: 'CP_IMPORT_BAD_ROW',
    line: 2,
    field: 'properties.name',
  },
  'ftm--relation-without-end.jsonl': {
    code: 'CP_IMPORT_BAD_ROW',
    line: 3,
    field: 'properties.asset',
  },
  'ftm--schema-conflict.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'schema' },
  'ftm--unknown-schema.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'schema' },
  'gtd--date-feb-30.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'iday' },
  'gtd--duplicate-eventid.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'eventid' },
  'gtd--nkill-3000000000.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'nkill' },
  'gtd--truncated-last-row.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'city' },
  'incidents--array-line.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2 },
  'incidents--date-13-45.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'date' },
  'incidents--date-feb-30.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'date' },
  'incidents--date-feb-30.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'date' },
  'incidents--duplicate-id.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'id' },
  'incidents--killed-1e23.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'killed' },
  'incidents--killed-3000000000.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'killed' },
  'incidents--killed-negative.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'killed' },
  'incidents--lone-surrogate.jsonl': { code: 'CP_BAD_TEXT', line: 2, field: 'place' },
  'incidents--not-json.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2 },
  'incidents--nul-escape.jsonl': { code: 'CP_BAD_TEXT', line: 2, field: 'text' },
  'incidents--nul-raw.jsonl': { code: 'CP_BAD_TEXT', line: 2, field: 'text' },
  'incidents--source-date-feb-30.jsonl': {
    code: 'CP_IMPORT_BAD_ROW',
    line: 2,
    field: 'sources.0.date',
  },
  'incidents--truncated-last-line.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2 },
  'orders--date-13-45.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'buyer_first_seen' },
  'orders--date-feb-30.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'order_date' },
  'orders--duplicate-id.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'order_id' },
  'orders--nul-byte.csv': { code: 'CP_BAD_TEXT', line: 3, field: 'buyer' },
  'orders--quantity-negative.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'quantity' },
  'orders--truncated-last-row.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'goods' },
  'orders--value-1e400.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'value' },
  'sanctions--csv-duplicate-id.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'id' },
  'sanctions--csv-nul.csv': { code: 'CP_BAD_TEXT', line: 3, field: 'name' },
  'sanctions--ftm-unknown-schema.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'schema' },
  'sanctions--not-un.xml': { code: 'CP_IMPORT_BAD_FILE', line: 1 },
  'sanctions--eu-xxe.xml': { code: 'CP_IMPORT_BAD_FILE', line: 2, field: 'DOCTYPE' },
  'sanctions--eu-csv-no-id.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'Entity_LogicalId' },
  'sanctions--ofac-xml-duplicate-uid.xml': { code: 'CP_IMPORT_BAD_ROW', line: 6, field: 'uid' },
  'sanctions--uk-no-group-id.csv': { code: 'CP_IMPORT_BAD_ROW', line: 4, field: 'Group ID' },
  'sanctions--ofac-sdn-bad-number.csv': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'ent_num' },
  'sanctions--ofac-sdn-duplicate.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'ent_num' },
  'sanctions--ofac-sdn-truncated.csv': { code: 'CP_IMPORT_BAD_FILE', line: 2 },
  'sanctions--un-birth-feb-30.xml': {
    code: 'CP_IMPORT_BAD_ROW',
    line: 13,
    field: 'INDIVIDUAL_DATE_OF_BIRTH.DATE',
  },
  'sanctions--un-doctype-late.xml': { code: 'CP_IMPORT_BAD_FILE', line: 14, field: 'DOCTYPE' },
  'sanctions--un-duplicate-dataid.xml': { code: 'CP_IMPORT_BAD_ROW', line: 13, field: 'DATAID' },
  'sanctions--un-entity-expansion.xml': { code: 'CP_IMPORT_BAD_FILE', line: 2, field: 'DOCTYPE' },
  'sanctions--un-no-dataid.xml': { code: 'CP_IMPORT_BAD_ROW', line: 13, field: 'DATAID' },
  'sanctions--un-not-well-formed.xml': { code: 'CP_IMPORT_BAD_FILE', line: 22 },
  'sanctions--un-nul.xml': { code: 'CP_BAD_TEXT', line: 16 },
  'sanctions--un-xxe.xml': { code: 'CP_IMPORT_BAD_FILE', line: 2, field: 'DOCTYPE' },
  'seizures--date-feb-30.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'seizure_date' },
  'seizures--duplicate-item.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'item_id' },
  'seizures--nul-byte.csv': { code: 'CP_BAD_TEXT', line: 3, field: 'manufacturer' },
  'seizures--quantity-1e23.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'quantity' },
  'seizures--quantity-3000000000.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'quantity' },
  'seizures--quantity-negative.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'quantity' },
  'seizures--truncated-last-row.csv': { code: 'CP_IMPORT_BAD_ROW', line: 3, field: 'category' },
  'seizures--year-99999999999.csv': {
    code: 'CP_IMPORT_BAD_ROW',
    line: 3,
    field: 'year_of_manufacture',
  },
  'sources--credibility-3000000000.jsonl': {
    code: 'CP_IMPORT_BAD_ROW',
    line: 2,
    field: 'credibility',
  },
  'sources--credibility-9.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'credibility' },
  'sources--duplicate-id.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'id' },
  'sources--nul-escape.jsonl': { code: 'CP_BAD_TEXT', line: 2, field: 'title' },
  'sources--published-feb-30.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'published' },
  'sources--reliability-G.jsonl': { code: 'CP_IMPORT_BAD_ROW', line: 2, field: 'reliability' },
  // Generated below (too big, or pointless, to keep as files).
  'incidents--deep-100000.jsonl': { code: 'CP_LIMIT_EXCEEDED', line: 1 },
  'ftm--deep-100000.jsonl': { code: 'CP_LIMIT_EXCEEDED', line: 1 },
  'sources--deep-100000.jsonl': { code: 'CP_LIMIT_EXCEEDED', line: 1 },
  'sanctions--deep-100000.jsonl': { code: 'CP_LIMIT_EXCEEDED', line: 1 },
  'sanctions--un-deep-50000.xml': { code: 'CP_LIMIT_EXCEEDED', line: 13 },
};

/** Files read in another encoding than UTF-8: imported, with the encoding and warning stated. */
const ACCEPTED: Record<string, { rows: number; encoding?: string; warning?: RegExp }> = {
  'acled--utf16le-bom.csv': { rows: 2, encoding: 'utf-16le' },
  'acled--latin1.csv': { rows: 2, encoding: 'windows-1252', warning: /not valid UTF-8.*line 3/ },
  'baseline--utf16le-bom.csv': { rows: 2, encoding: 'utf-16le' },
  'baseline--utf16le-no-bom.csv': { rows: 1, encoding: 'utf-16le', warning: /no byte-order mark/ },
  'orders--utf16be-bom.csv': { rows: 2, encoding: 'utf-16be' },
  'orders--utf8-bom.csv': { rows: 2 },
  'orders--latin1.csv': { rows: 2, encoding: 'windows-1252', warning: /Windows-1252/ },
  'sanctions--un-utf16le-bom.xml': { rows: 2, encoding: 'utf-16le' },
};

const kindOf = (file: string) => file.split('--')[0]!;

/** The files by the kind their name starts with, in the order given. */
function byKind(files: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of files) out.set(kindOf(f), [...(out.get(kindOf(f)) ?? []), f]);
  return out;
}

const generatedDir = mkdtempSync(join(tmpdir(), 'chokepoint-hostile-'));
const deep = deepJsonLine(100_000);
const GENERATED: Record<string, string> = {
  'incidents--deep-100000.jsonl': `${deep}\n`,
  'ftm--deep-100000.jsonl': `${deepJsonLine(100_000, 'properties')}\n`,
  'sources--deep-100000.jsonl': `${deep}\n`,
  'sanctions--deep-100000.jsonl': `${deepJsonLine(100_000, 'properties')}\n`,
  'sanctions--un-deep-50000.xml': deepUnXml(50_000),
};
for (const [name, text] of Object.entries(GENERATED)) writeFileSync(join(generatedDir, name), text);
afterAll(() => rmSync(generatedDir, { recursive: true, force: true }));

const pathOf = (file: string) => (GENERATED[file] ? join(generatedDir, file) : join(DIR, file));

function importAll(ctx: StoreContext, kind: string, files: string[]) {
  const r = runCli([
    'import',
    kind,
    ...files.map(pathOf),
    '--db',
    ctx.url,
    '--keep-going',
    '--json',
  ]);
  const out = JSON.parse(r.stdout) as {
    imported: { file: string; rows: number; encoding?: string; warnings?: string[] }[];
    refused: { file: string; error: Record<string, unknown> }[];
  };
  return { ...r, out };
}

it('holds a verdict for every file of the corpus', () => {
  const files = readdirSync(DIR).filter((f) => f.includes('--'));
  expect(files.filter((f) => !(f in REFUSED) && !(f in ACCEPTED))).toEqual([]);
  expect(Object.keys(REFUSED).length + Object.keys(ACCEPTED).length).toBeGreaterThanOrEqual(90);
});

describeEachStore('hostile corpus through the CLI', (ctx) => {
  it('refuses each hostile file with its code, line and field, and writes nothing', async () => {
    const before = await storeStats(ctx.store.db);
    const got: Record<string, Verdict> = {};
    for (const [kind, files] of byKind(Object.keys(REFUSED))) {
      const r = importAll(ctx, kind, files);
      expect(r.code, r.stderr).toBe(2);
      expect(r.out.imported).toEqual([]);
      for (const { file, error } of r.out.refused) {
        const name = file.split('/').pop()!;
        got[name] = {
          code: String(error.code),
          line: Number(error.line),
          ...(error.field === undefined ? {} : { field: String(error.field) }),
        };
        // The message names the file, and no refusal is an internal error.
        expect(String(error.message)).toContain(name);
      }
    }
    expect(got).toEqual(REFUSED);
    // All or nothing: no record of any kind was written, and each refusal is in the log.
    expect(await storeStats(ctx.store.db)).toEqual(before);
    const log = await listImports(ctx.store.db, 'default');
    expect(log.filter((l) => l.status === 'refused').length).toBe(Object.keys(REFUSED).length);
    expect(log.filter((l) => l.status === 'done')).toEqual([]);
  });

  it('reads UTF-16 and Windows-1252 files as it says, and stores their text intact', async () => {
    for (const [kind, files] of byKind(Object.keys(ACCEPTED))) {
      const r = importAll(ctx, kind, files);
      expect(r.code, r.stderr).toBe(0);
      expect(r.out.refused).toEqual([]);
      for (const imp of r.out.imported) {
        const want = ACCEPTED[imp.file]!;
        expect(imp.rows, imp.file).toBe(want.rows);
        expect(imp.encoding, imp.file).toBe(want.encoding);
        if (want.warning) expect(imp.warnings?.join(' ')).toMatch(want.warning);
        else expect(imp.warnings).toBeUndefined();
      }
    }
    // acled--latin1.csv came last: its Windows-1252 place name, not U+FFFD.
    const inc = await getIncident(ctx.store.db, ['default'], 'IRQ50002');
    expect(inc?.place).toBe('Ar Rutbah Château');
    expect(inc?.sources.map((s) => s.name)).toContain('Médias');
    const names = (await listEntities(ctx.store.db, { caseIds: ['default'] })).flatMap(
      (e) => e.properties.name ?? [],
    );
    expect(names).toEqual(
      expect.arrayContaining(['Société Générale Négoce', 'Büyük Ticaret', 'Anadolu Kimya A.Ş.']),
    );
    expect((await listBaseline(ctx.store.db, ['default'])).map((b) => b.manufacturer)).toContain(
      'Tula Arms Plant',
    );
    const listed = (await listEntitiesOf(ctx.store.db)).flatMap((l) => l.entity.properties.name);
    expect(listed).toContain('ÖMER HAMOUD');
  });
});
