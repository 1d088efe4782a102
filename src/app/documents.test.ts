import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { beforeAll, expect, it } from 'vitest';
import { makeDocumentSet } from '../../test/documents.ts';
import { describeEachStore } from '../../test/stores.ts';
import type { JobContext } from '../jobs/types.ts';
import {
  documentPageImage,
  documentWithChildren,
  ingestDocuments,
  listCaseDocuments,
  searchDocuments,
} from './documents.ts';

let files: Awaited<ReturnType<typeof makeDocumentSet>>;
const work = mkdtempSync(join(tmpdir(), 'cp-docs-'));

beforeAll(async () => {
  files = await makeDocumentSet(join(work, 'set'));
}, 120_000);

function context() {
  const counts: Record<string, number> = {};
  const stages = new Set<string>();
  const ctx: JobContext = {
    progress: (_d, _t, stage) => stages.add(stage.split(' ')[0]!),
    count: (name, by = 1) => {
      counts[name] = (counts[name] ?? 0) + by;
    },
    signal: new AbortController().signal,
    actor: 'test',
  };
  return { ctx, counts, stages };
}

describeEachStore('documents: ingest and search', (s, dialect) => {
  const filesDir = join(work, `files-${dialect}`);

  it('ingests a text PDF, scans in English and Arabic, an e-mail with the PDF, a DOCX, an XLSX', async () => {
    const { ctx, counts, stages } = context();
    const r = await ingestDocuments(
      s.store,
      {
        case_id: 'default',
        files: Object.values(files).map((path) => ({ path })),
        files_dir: filesDir,
      },
      ctx,
    );
    const by = new Map(r.documents.filter((d) => !d.parent_id).map((d) => [d.file_name, d]));
    expect(by.get('invoice.pdf')).toMatchObject({ status: 'done', pages: 2, duplicate: false });
    expect(by.get('notebook-en.png')).toMatchObject({ status: 'done', pages: 1 });
    expect(by.get('proforma.eml')).toMatchObject({ status: 'done', pages: 1 });
    // The attachment is the same bytes as invoice.pdf: the same document, not a second one.
    const attached = r.documents.find((d) => d.parent_id === by.get('proforma.eml')!.id);
    expect(attached).toMatchObject({ id: by.get('invoice.pdf')!.id, duplicate: true });
    expect(by.get('end-user-certificate.docx')).toMatchObject({ status: 'done', pages: 1 });
    expect(by.get('packing-list.xlsx')).toMatchObject({ status: 'done', pages: 1 });
    expect(counts).toMatchObject({ files: 6, duplicates: 1, ocr_pages: 2 });
    expect([...stages]).toEqual(expect.arrayContaining(['file', 'extract', 'ocr', 'index']));

    const list = await listCaseDocuments(s.store, ['default']);
    expect(list.total).toBe(6);
    const ar = list.items.find((d) => d.file_name === 'notebook-ar.png')!;
    expect(ar.language).toBe('ar');
    const mail = await documentWithChildren(s.store, 'default', by.get('proforma.eml')!.id);
    expect(mail.title).toBe('Proforma for the paste order');
    expect(mail.meta.from).toContain('broker@example.org');
  }, 180_000);

  it('finds a word that is only in a scanned image, on its page, in any spelling', async () => {
    const hits = await searchDocuments(s.store, ['default'], 'quartermaster');
    expect(hits.map((h) => h.title)).toEqual(['notebook-en.png']);
    expect(hits[0]).toMatchObject({ page: 1 });
    const h = hits[0]!;
    expect(h.snippet.slice(h.highlights[0]![0], h.highlights[0]![1]).toLowerCase()).toBe(
      'quartermaster',
    );
    const ar = await searchDocuments(s.store, ['default'], 'المخبز');
    expect(ar.map((x) => x.title)).toEqual(['notebook-ar.png']);
    for (const q of ['Şanlıurfa', 'SANLIURFA', 'sanliurfa']) {
      const pdf = await searchDocuments(s.store, ['default'], q);
      expect(
        pdf.map((x) => [x.title, x.page]),
        q,
      ).toEqual([['invoice.pdf', 2]]);
      expect(pdf[0]!.snippet).toContain('Şanlıurfa');
    }
    expect((await searchDocuments(s.store, ['default'], 'LOT-7781')).map((x) => x.title)).toEqual([
      'packing-list.xlsx',
    ]);
    expect((await searchDocuments(s.store, ['default'], 're-export detonators'))[0]?.title).toBe(
      'end-user-certificate.docx',
    );
  });

  it('renders page images, and records a failure with its stage while the other files go on', async () => {
    const pdf = (await listCaseDocuments(s.store, ['default'])).items.find(
      (d) => d.file_name === 'invoice.pdf',
    )!;
    const img = await documentPageImage(s.store, 'default', pdf.id, 2, filesDir);
    expect(img.mime).toBe('image/png');

    const broken = join(work, `broken-${dialect}.pdf`);
    writeFileSync(broken, '%PDF-1.4\nthis is no PDF at all\n');
    const zip = join(work, `bundle-${dialect}.zip`);
    writeFileSync(
      zip,
      zipSync({ 'notes/readme.txt': new TextEncoder().encode('Bundle of the Gaziantep receipts') }),
    );
    const { ctx, counts } = context();
    const r = await ingestDocuments(
      s.store,
      { case_id: 'default', files: [{ path: broken }, { path: zip }], files_dir: filesDir },
      ctx,
    );
    const failed = r.documents.find((d) => d.file_name.startsWith('broken'))!;
    expect(failed.status).toBe('failed');
    expect(failed.errors[0]).toMatchObject({ stage: 'extract', code: 'CP_EXTRACT_FAILED' });
    expect(counts['errors.extract']).toBe(1);
    const child = r.documents.find((d) => d.file_name === 'notes/readme.txt');
    expect(child).toMatchObject({ status: 'done', pages: 1 });
    expect((await searchDocuments(s.store, ['default'], 'gaziantep receipts'))[0]?.title).toBe(
      'notes/readme.txt',
    );
  }, 60_000);
});
