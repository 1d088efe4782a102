import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { recordCliAction } from '../../app/audit.ts';
import {
  OCR_LANGUAGES,
  documentPage,
  documentWithChildren,
  listCaseDocuments,
  searchDocuments,
  type IngestInput,
  type IngestResult,
} from '../../app/documents.ts';
import { ChokepointError } from '../../core/errors.ts';
import { DOCUMENT_STATUSES, documentLine, type DocumentStatus } from '../../documents/schema.ts';
import { blobPath, filesDir } from '../../store/files.ts';
import type { Store } from '../../store/connect.ts';
import {
  assertCase,
  common,
  out,
  outJson,
  outJsonLines,
  table,
  withStore,
  type CommonOptions,
} from '../context.ts';
import { runInForeground } from '../foreground.ts';

/**
 * `chokepoint import documents <file|folder…>` and `chokepoint documents list|search|show|
 * page|reprocess`. Ingest runs the documents.ingest job in the foreground, its stages on
 * the progress bar.
 */

/** Files named on the command line, folders walked (sorted, hidden files left out). */
async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) throw new ChokepointError('CP_IMPORT_BAD_FILE', 'no such file or folder', { file: p });
    if (!s.isDirectory()) {
      files.push(p);
      continue;
    }
    const names = (await readdir(p)).filter((n) => !n.startsWith('.')).sort();
    files.push(...(await expandPaths(names.map((n) => join(p, n)))));
  }
  return files;
}

type IngestOptions = CommonOptions & { ocrLang?: string; force?: boolean };

async function runIngest(
  store: Store,
  opts: IngestOptions,
  files: { path: string; name?: string }[],
): Promise<IngestResult> {
  await assertCase(store, opts.case!);
  const input: IngestInput = {
    case_id: opts.case!,
    files,
    ocr_languages: opts.ocrLang ?? OCR_LANGUAGES,
    force: opts.force ?? false,
  };
  const { result: r, counts } = await runInForeground<IngestResult>(
    store,
    'documents.ingest',
    input,
    'documents',
  );
  await recordCliAction(store, {
    action: 'import',
    caseId: opts.case,
    target: files.map((f) => f.path).join(', '),
    detail: { kind: 'documents', counts },
  });
  report(r, counts, opts);
  return r;
}

function report(r: IngestResult, counts: Record<string, number>, opts: CommonOptions): void {
  if (opts.json) outJson({ ...r, counts });
  for (const d of r.documents) {
    for (const e of d.errors)
      process.stderr.write(
        `error ${e.code}: ${d.file_name}${e.page ? `, page ${e.page}` : ''} (${e.stage}): ${e.message}\n`,
      );
    if (opts.json) continue;
    const what = d.duplicate
      ? 'already held as'
      : d.status === 'failed'
        ? 'failed:'
        : 'ingested as';
    out(`${d.file_name}: ${what} ${d.id} (${d.status}, ${d.pages} page(s))`);
  }
  // Every file was tried; one that yielded nothing at all makes the exit code say so.
  if (r.documents.some((d) => d.status === 'failed')) process.exitCode = 2;
}

/** Called by `import documents` (foundation's `import` command hands the kind over). */
export async function importDocuments(paths: string[], opts: IngestOptions): Promise<void> {
  const files = (await expandPaths(paths)).map((path) => ({ path }));
  if (files.length === 0) throw new ChokepointError('CP_EMPTY_INPUT', 'no files to import');
  await withStore(opts, (store) => runIngest(store, opts, files));
}

function status(v: string | undefined): DocumentStatus | undefined {
  if (v === undefined) return undefined;
  if (!(DOCUMENT_STATUSES as readonly string[]).includes(v))
    throw new ChokepointError('CP_BAD_OPTION', `unknown status "${v}"`, {
      field: 'status',
      expected: DOCUMENT_STATUSES.join(', '),
    });
  return v as DocumentStatus;
}

function count(v: string | undefined, fallback: number, field: string): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new ChokepointError('CP_BAD_OPTION', `bad ${field} "${v}"`, {
      field,
      expected: 'a whole number ≥ 1',
    });
  return n;
}

export function register(program: Command): void {
  program.commands
    .find((c) => c.name() === 'import')
    ?.option(
      '--ocr-lang <langs>',
      `import documents: tesseract languages (default ${OCR_LANGUAGES})`,
    );

  const docs = program.command('documents').description('documents: list, search, show, reprocess');

  common(
    docs
      .command('list')
      .description("the case's documents, newest first (JSON lines with --json)")
      .option('--status <status>', DOCUMENT_STATUSES.join(', '))
      .option('--mime <type>', 'only this MIME type')
      .option(
        '--parent <id>',
        'only the files found in this document (attachments, archive entries)',
      )
      .option('--limit <n>', 'at most this many'),
  ).action(
    async (
      o: CommonOptions & { status?: string; mime?: string; parent?: string; limit?: string },
    ) => {
      await withStore(o, async (store) => {
        await assertCase(store, o.case!);
        const { items } = await listCaseDocuments(store, [o.case!], {
          status: status(o.status),
          mime: o.mime,
          parent_id: o.parent,
          limit: o.limit === undefined ? undefined : count(o.limit, 50, 'limit'),
        });
        if (o.json) return outJsonLines(items.map(documentLine));
        out(
          table(
            items.map((d) => ({ ...d, parent: d.parent_id ?? '' })),
            ['id', 'title', 'mime', 'pages', 'status', 'language', 'parent'],
          ),
        );
      });
    },
  );

  common(
    docs
      .command('search')
      .description(
        "full-text search over the pages of the case's documents, best first (JSON lines with --json)",
      )
      .argument(
        '<query...>',
        'words; each matches any spelling (Şanlıurfa, Sanliurfa) and as a prefix',
      )
      .option('--limit <n>', 'at most this many pages (default 20)'),
  ).action(async (words: string[], o: CommonOptions & { limit?: string }) => {
    await withStore(o, async (store) => {
      await assertCase(store, o.case!);
      const hits = await searchDocuments(store, [o.case!], words.join(' '), {
        limit: count(o.limit, 20, 'limit'),
      });
      if (o.json) return outJsonLines(hits);
      if (hits.length === 0) return out('(no page matches)');
      for (const h of hits) out(`${h.document_id}  p.${h.page}  ${h.title}\n    ${h.snippet}`);
    });
  });

  common(
    docs
      .command('show')
      .description('one document: its fields, errors per stage and the files found in it')
      .argument('<id>', 'document id'),
  ).action(async (id: string, o: CommonOptions) => {
    await withStore(o, async (store) => {
      const d = await documentWithChildren(store, o.case!, id);
      if (o.json) return outJson(d);
      out(table([documentLine(d)]));
      for (const e of d.errors)
        out(`error in ${e.stage}${e.page ? ` (page ${e.page})` : ''}: ${e.code} ${e.message}`);
      if (d.children.length)
        out(
          `\nfound in it:\n${table(d.children.map(documentLine), ['id', 'title', 'mime', 'pages', 'status'])}`,
        );
    });
  });

  common(
    docs
      .command('page')
      .description('the text of one page')
      .argument('<id>', 'document id')
      .argument('<page>', 'page number, from 1'),
  ).action(async (id: string, page: string, o: CommonOptions) => {
    await withStore(o, async (store) => {
      const p = await documentPage(store, o.case!, id, count(page, 1, 'page'));
      if (o.json) return outJson(p);
      out(p.text);
    });
  });

  common(
    docs
      .command('reprocess')
      .description(
        'extract a document again from its kept original (after a failed stage, or with other OCR languages)',
      )
      .argument('<id...>', 'document ids')
      .option('--ocr-lang <langs>', `tesseract languages (default ${OCR_LANGUAGES})`),
  ).action(async (ids: string[], o: IngestOptions) => {
    await withStore(o, async (store) => {
      const dir = filesDir(store);
      const files = [];
      for (const id of ids) {
        const d = await documentWithChildren(store, o.case!, id);
        files.push({ path: blobPath(dir, d.sha256), name: d.file_name });
      }
      await runIngest(store, { ...o, force: true }, files);
    });
  });
}
