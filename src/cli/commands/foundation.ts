import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ChokepointError, toChokepointError } from '../../core/errors.ts';
import { RECORD_KINDS, type RecordKind } from '../../core/provenance.ts';
import { ensureCase, listCases } from '../../store/cases.ts';
import { scoreAfterImport } from '../../app/orders.ts';
import { loadDemo } from '../../store/demo.ts';
import { recordCliAction } from '../../app/audit.ts';
import { EXPORT_FORMATS, exportKind, type ExportFilters } from '../../app/exports.ts';
import { isIsoDate } from '../../core/date.ts';
import { TIMELINE_KINDS, type TimelineKind } from '../../core/timeline.ts';
import { describeMapping } from '../../incidents/importers/columns.ts';
import { IMPORT_KINDS, columnMapFor, importFile } from '../../store/importer.ts';
import { searchRecords } from '../../store/search.ts';
import { evidenceFor } from '../../store/sources.ts';
import { storeStats } from '../../store/stats.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  outJsonLines,
  readInput,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { progressBar } from '../progress.ts';

type ImportCliOptions = CommonOptions & { map: string[]; keepGoing?: boolean };

/**
 * `import --keep-going`: every file imported on its own, all or nothing, a refused one
 * reported (`error CODE: …` on stderr; with --json `{imported, refused: [{file, error}]}`)
 * and the next one imported; exit 2 when any was refused.
 */
async function importEach(kind: string, files: string[], opts: ImportCliOptions): Promise<void> {
  const audit = (file: string) => ({ action: 'import', caseId: opts.case, target: file });
  await withStore(opts, async (store) => {
    const imported = [];
    const refused: { file: string; error: Record<string, unknown> }[] = [];
    for (const file of files) {
      try {
        const text = file === '-' ? await readInput('-') : undefined;
        const r = await importFile(store, kind, file, { caseId: opts.case, text, map: opts.map });
        await recordCliAction(store, { ...audit(file), detail: { kind, rows: r.rows } });
        imported.push(r);
        for (const w of r.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
        if (!opts.json)
          out(`imported ${r.rows} ${kind} record(s) from ${r.file} into case ${r.case_id}`);
      } catch (e) {
        const err = toChokepointError(e);
        if (err.code === 'CP_DB_UNAVAILABLE') throw err;
        refused.push({ file, error: err.toJSON() });
        await recordCliAction(store, { ...audit(file), detail: { kind, refused: err.code } });
        if (!opts.json) process.stderr.write(`error ${err.code}: ${err.message}\n`);
      }
    }
    if (imported.length) await scoreAfterImport(store, opts.case!, [kind]);
    if (opts.json) outJson({ imported, refused });
    // main() exits with the code a command leaves.
    if (refused.length > 0)
      process.exitCode = refused.some((r) => Number(r.error.status) >= 500) ? 1 : 2;
  });
}

type ExportCliOptions = CommonOptions & {
  format?: string;
  out?: string;
  from?: string;
  to?: string;
  ids?: string;
  kinds?: string;
};

/** `export --from --to --ids --kinds`, checked as the API checks them. */
function exportFilters(opts: ExportCliOptions): ExportFilters {
  for (const field of ['from', 'to'] as const) {
    const v = opts[field];
    if (v !== undefined && !isIsoDate(v))
      throw new ChokepointError('CP_BAD_OPTION', `bad --${field}`, {
        field,
        expected: 'a date as YYYY-MM-DD',
        got: v,
      });
  }
  const kinds = opts.kinds?.split(',').map((k) => k.trim());
  const bad = kinds?.find((k) => !(TIMELINE_KINDS as readonly string[]).includes(k));
  if (bad !== undefined)
    throw new ChokepointError('CP_BAD_OPTION', `unknown timeline kind "${bad}"`, {
      field: 'kinds',
      expected: TIMELINE_KINDS.join(', '),
      got: opts.kinds,
    });
  return {
    from: opts.from,
    to: opts.to,
    ids: opts.ids
      ?.split(',')
      .map((i) => i.trim())
      .filter(Boolean),
    kinds: kinds as TimelineKind[] | undefined,
  };
}

export function register(program: Command): void {
  common(
    program
      .command('import')
      .description(
        `import files of one kind, all or nothing per file (kinds: ${Object.keys(IMPORT_KINDS).join(', ')})`,
      )
      .argument('<kind>', 'what the files hold')
      .argument('<file...>', 'files to import ("-" for stdin)')
      .option(
        '--map <column=field>',
        'acled, gtd: read COLUMN of the file as FIELD (repeatable); known variants (year for iyear, lat for latitude, …) need none',
        (v: string, all: string[]) => [...all, v],
        [] as string[],
      )
      .option(
        '--keep-going',
        'import every file even when one is refused (each all or nothing), report each refusal, exit 2 if any was',
      ),
  ).action(async (kind: string, files: string[], opts: ImportCliOptions) => {
    // Documents are ingested, not imported as records: the documents module does it.
    if (kind === 'documents') return (await import('./documents.ts')).importDocuments(files, opts);
    // A spreadsheet of any layout through a mapping file: the mentions module does it.
    if (kind === 'mapped') return (await import('./mentions.ts')).importMappedFiles(files, opts);
    if (!IMPORT_KINDS[kind]) {
      throw new ChokepointError('CP_UNKNOWN_KIND', `cannot import kind "${kind}"`, {
        expected: `one of ${Object.keys(IMPORT_KINDS).join(', ')}`,
      });
    }
    // A bad --map is refused before any file is opened.
    columnMapFor(IMPORT_KINDS[kind]!, opts.map);
    if (opts.keepGoing) return importEach(kind, files, opts);
    await withStore(opts, async (store) => {
      const results = [];
      for (const file of files) {
        const bar = progressBar(`${kind} ${file}`);
        const text = file === '-' ? await readInput('-') : undefined;
        const audit = { action: 'import', caseId: opts.case, target: file };
        const r = await importFile(store, kind, file, {
          caseId: opts.case,
          text,
          map: opts.map,
          // Said as soon as the header is read, so that a refused file shows it too.
          onMapping: (m) =>
            process.stderr.write(
              `${file === '-' ? 'stdin' : basename(file)}: columns read as ${describeMapping(m)}\n`,
            ),
          onProgress: (d, t, l) => bar.update(d, t, l),
        }).catch(async (e: unknown) => {
          // A refused file is recorded too, with the code it was refused with.
          const code = (e as { code?: unknown }).code;
          await recordCliAction(store, { ...audit, detail: { kind, refused: code ?? 'error' } });
          throw e;
        });
        bar.finish();
        await recordCliAction(store, { ...audit, detail: { kind, rows: r.rows } });
        results.push(r);
        for (const w of r.warnings ?? []) process.stderr.write(`warning: ${w}\n`);
        if (!opts.json)
          out(`imported ${r.rows} ${kind} record(s) from ${r.file} into case ${r.case_id}`);
      }
      // The red-flag queue holds the new orders' scores at once (src/app/orders.ts).
      const scored = await scoreAfterImport(store, opts.case!, [kind]);
      if (scored && !opts.json)
        process.stderr.write(
          `scored ${scored.scores.length} order(s) with rules ${scored.rules_version}\n`,
        );
      if (opts.json) outJson({ imported: results });
    });
  });

  common(
    program
      .command('export')
      .description('export a kind to stdout or a file')
      .argument('<kind>', `one of ${Object.keys(EXPORT_FORMATS).join(', ')}`)
      .option('--format <format>', 'csv, jsonl, geojson or ftm (each kind lists what it supports)')
      .option('--out <file>', 'write to a file instead of stdout')
      .option('--from <date>', 'records dated from this day (incidents, orders, timeline)')
      .option('--to <date>', 'records dated up to this day (incidents, orders, timeline)')
      .option('--ids <ids>', 'only these records, ids joined by commas')
      .option('--kinds <kinds>', 'timeline: only these kinds, joined by commas'),
  ).action(async (kind: string, opts: ExportCliOptions) => {
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const text = await exportKind(store, kind, {
        caseIds: [opts.case!],
        format: opts.format,
        filters: exportFilters(opts),
      });
      await recordCliAction(store, {
        action: 'export',
        caseId: opts.case,
        target: opts.out ?? '(stdout)',
        detail: { kind, format: opts.format ?? null, bytes: Buffer.byteLength(text) },
      });
      if (opts.out) {
        await writeFile(opts.out, text);
        process.stderr.write(`wrote ${opts.out}\n`);
      } else process.stdout.write(text);
    });
  });

  common(
    program
      .command('demo')
      .description(
        'load the demo world (a week of incidents, three seizures, a procurement network)',
      ),
  ).action(async (opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      const bar = progressBar('demo');
      const loaded = await loadDemo(store, {
        caseId: opts.case,
        onProgress: (d, t, l) => bar.update(d, t, l),
      });
      await scoreAfterImport(
        store,
        opts.case!,
        loaded.map((l) => l.kind),
      );
      bar.finish();
      if (opts.json) outJson({ loaded });
      else out(table(loaded as unknown as Record<string, unknown>[], ['kind', 'file', 'rows']));
    });
  });

  common(
    program
      .command('sources')
      .description(
        'what supports a record: its sources, their reliability (A–F) and the credibility (1–6) of each link',
      )
      .argument('<record-id>', 'id of an incident, item, seizure, entity or order')
      .option('--kind <kind>', `only evidence for this record kind (${RECORD_KINDS.join(', ')})`),
  ).action(async (recordId: string, opts: CommonOptions & { kind?: string }) => {
    if (opts.kind && !RECORD_KINDS.includes(opts.kind as RecordKind)) {
      throw new ChokepointError('CP_UNKNOWN_KIND', `unknown record kind "${opts.kind}"`, {
        field: 'kind',
        expected: RECORD_KINDS.join(', '),
      });
    }
    await withStore(opts, async (store) => {
      await assertCase(store, opts.case!);
      const sources = await evidenceFor(
        store.db,
        opts.case!,
        recordId,
        opts.kind as RecordKind | undefined,
      );
      if (opts.json) return outJson({ record_id: recordId, sources });
      if (sources.length === 0)
        return out(`no sources recorded for ${recordId} (an unsourced record)`);
      out(
        table(sources as unknown as Record<string, unknown>[], [
          'grade',
          'record_kind',
          'id',
          'title',
          'publisher',
          'published',
          'page',
          'excerpt',
        ]),
      );
    });
  });

  common(program.command('stats').description('counts per record kind')).action(
    async (opts: CommonOptions & { all?: boolean }) => {
      await withStore(opts, async (store) => {
        await assertCase(store, opts.case!);
        const stats = await storeStats(store.db, [opts.case!]);
        if (opts.json) return outJson({ case_id: opts.case, ...stats, database: store.dialect });
        out(table(Object.entries(stats).map(([kind, count]) => ({ kind, count }))));
      });
    },
  );

  common(
    program
      .command('search')
      .description('full-text search of names and text (diacritics and scripts folded)')
      .argument('<query...>', 'words to find')
      .option('--kind <kind>', 'only records of this kind')
      .option('--limit <n>', 'at most this many hits', '20'),
  ).action(async (words: string[], opts: CommonOptions & { kind?: string; limit: string }) => {
    await withStore(opts, async (store) => {
      const hits = await searchRecords(store.db, store.dialect, [opts.case!], words.join(' '), {
        kind: opts.kind,
        limit: Number(opts.limit) || 20,
      });
      if (opts.json) return outJsonLines(hits);
      out(
        table(hits as unknown as Record<string, unknown>[], ['record_kind', 'record_id', 'title']),
      );
    });
  });

  const cases = program.command('cases').description('investigations: every record belongs to one');
  common(cases.command('list').description('list cases')).action(async (opts: CommonOptions) => {
    await withStore(opts, async (store) => {
      const rows = await listCases(store.db);
      if (opts.json) return outJsonLines(rows);
      out(table(rows, ['id', 'name', 'description', 'created_at']));
    });
  });
  common(
    cases
      .command('add')
      .description('create a case')
      .argument('<id>', 'short id, e.g. sinai-2021')
      .argument('<name>', 'a readable name')
      .option('--description <text>', 'what the investigation is about'),
  ).action(async (id: string, name: string, opts: CommonOptions & { description?: string }) => {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(id)) {
      throw new ChokepointError('CP_BAD_OPTION', 'bad case id', {
        field: 'id',
        expected: 'letters, digits, - and _, up to 64',
        got: id,
      });
    }
    await withStore(opts, async (store) => {
      await ensureCase(store.db, id, name, opts.description ?? null);
      if (opts.json) outJson({ id, name });
      else out(`case ${id} ready`);
    });
  });
}
