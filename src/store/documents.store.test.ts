import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { documentTokens, foldDocumentText } from '../documents/fold.ts';
import type { Document } from '../documents/schema.ts';
import { ensureCase } from './cases.ts';
import {
  documentBySha,
  getDocument,
  getPage,
  listDocuments,
  replacePages,
  saveDocument,
  searchPages,
} from './documents.ts';

function doc(id: string, over: Partial<Document> = {}): Document {
  const now = new Date().toISOString();
  return {
    id,
    case_id: 'default',
    title: id,
    file_name: `${id}.pdf`,
    mime: 'application/pdf',
    pages: 0,
    parent_id: null,
    sha256: id
      .padEnd(64, '0')
      .slice(0, 64)
      .replace(/[^0-9a-f]/g, 'a'),
    status: 'done',
    language: 'en',
    size: 10,
    errors: [],
    meta: {},
    rendition_sha256: null,
    created_at: now,
    updated_at: now,
    ...over,
  };
}

const page = (n: number, text: string) => ({
  page: n,
  text,
  folded: foldDocumentText(text),
  language: null,
  method: 'text' as const,
});

describeEachStore('documents store', (ctx) => {
  it('keeps documents and finds pages whatever the spelling, best first, per case', async () => {
    const db = ctx.store.db;
    await ensureCase(db, 'other', 'Other');
    await saveDocument(db, doc('doc-a', { title: 'Invoice', pages: 2 }));
    await replacePages(db, ctx.store.dialect, 'default', 'doc-a', [
      page(1, 'Invoice 44/2019 for aluminium paste'),
      page(2, 'Consignee: Akçakale trading, Şanlıurfa; paid by a third party'),
    ]);
    await saveDocument(db, doc('doc-b', { title: 'Notebook', case_id: 'other' }));
    await replacePages(db, ctx.store.dialect, 'other', 'doc-b', [page(1, 'Sanliurfa depot')]);
    await saveDocument(db, doc('doc-c', { title: 'رسالة', language: 'ar' }));
    await replacePages(db, ctx.store.dialect, 'default', 'doc-c', [
      page(1, 'شحنة إلى الرقّة عبر تل أبيض'),
    ]);

    for (const q of ['Şanlıurfa', 'Sanliurfa', 'SANLIURFA', 'sanli']) {
      const hits = await searchPages(db, ctx.store.dialect, ['default'], documentTokens(q));
      expect(
        hits.map((h) => [h.document_id, h.page]),
        q,
      ).toEqual([['doc-a', 2]]);
    }
    // Alif with hamza, shadda and ta marbuta written as ha: one word.
    const ar = await searchPages(db, ctx.store.dialect, ['default'], documentTokens('الرقه'));
    expect(ar.map((h) => h.document_id)).toEqual(['doc-c']);
    const both = await searchPages(db, ctx.store.dialect, ['default', 'other'], ['sanliurfa']);
    expect(both.map((h) => h.document_id).sort()).toEqual(['doc-a', 'doc-b']);
    expect(await searchPages(db, ctx.store.dialect, ['default'], ['nowhere'])).toEqual([]);
  });

  it('replaces pages and their index, lists with filters, finds by sha256', async () => {
    const db = ctx.store.db;
    await replacePages(db, ctx.store.dialect, 'default', 'doc-a', [page(1, 'only hawala now')]);
    expect(await searchPages(db, ctx.store.dialect, ['default'], ['aluminium'])).toEqual([]);
    const hits = await searchPages(db, ctx.store.dialect, ['default'], ['hawala']);
    expect(hits.map((h) => [h.document_id, h.page, h.title])).toEqual([['doc-a', 1, 'Invoice']]);
    expect((await getPage(db, 'default', 'doc-a', 1))?.text).toBe('only hawala now');
    expect(await getPage(db, 'default', 'doc-a', 2)).toBeUndefined();

    await saveDocument(
      db,
      doc('doc-d', { parent_id: 'doc-a', status: 'failed', mime: 'image/png' }),
    );
    const children = await listDocuments(db, ['default'], { parent_id: 'doc-a' });
    expect(children.items.map((d) => d.id)).toEqual(['doc-d']);
    const failed = await listDocuments(db, ['default'], { status: 'failed' });
    expect(failed.total).toBe(1);
    const top = await listDocuments(db, ['default'], { parent_id: null, limit: 1 });
    expect(top.total).toBe(2);
    expect(top.items).toHaveLength(1);

    const d = await getDocument(db, 'default', 'doc-a');
    expect(await documentBySha(db, 'default', d!.sha256)).toMatchObject({ id: 'doc-a' });
    await saveDocument(db, {
      ...d!,
      status: 'partial',
      errors: [{ stage: 'ocr', code: 'CP_EXTRACT_FAILED', message: 'x', page: 2 }],
    });
    expect((await getDocument(db, 'default', 'doc-a'))?.errors[0]?.stage).toBe('ocr');
  });
});
