import { expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { handler as mentionsJob } from '../jobs/handlers/documents-mentions.ts';
import { foldDocumentText } from '../documents/fold.ts';
import type { Document } from '../documents/schema.ts';
import { ensureCase } from '../store/cases.ts';
import { replacePages, saveDocument } from '../store/documents.ts';
import { upsertEntities } from '../store/entities.ts';
import { listOrders } from '../store/orders.ts';
import { evidenceFor } from '../store/sources.ts';
import {
  acceptMention,
  confirmDraft,
  crossReference,
  decideCrossReference,
  documentDrafts,
  documentMentions,
  documentXrefs,
  extractDocumentMentions,
  rejectMention,
} from './mentions.ts';

const INVOICE = `COMMERCIAL INVOICE
Invoice No: INV-2015-0612
Date: 02/06/2015
Seller: Anadolu Kimya Dağıtım A.Ş.
Tel: +90 342 555 01 23
Buyer: Akcakale Iletisim Ltd. Şti.
Akçakale, Şanlıurfa
Goods: aluminium paste, HS code 7603.20
Quantity: 6,000 kg
Total: USD 27,000.00
Bank: IBAN TR33 0006 1005 1978 6457 8413 26`;

function doc(id: string, caseId: string): Document {
  const now = new Date().toISOString();
  return {
    id,
    case_id: caseId,
    title: 'Invoice INV-2015-0612',
    file_name: 'invoice.pdf',
    mime: 'application/pdf',
    pages: 1,
    parent_id: null,
    sha256: 'ab'.repeat(32),
    status: 'done',
    language: 'en',
    size: 100,
    errors: [],
    meta: {},
    rendition_sha256: null,
    created_at: now,
    updated_at: now,
  };
}

describeEachStore('document mentions', (ctx) => {
  it('extracts, accepts as evidence, remembers rejections, cross-references and confirms a draft', async () => {
    const { store } = ctx;
    await ensureCase(store.db, 'default', 'Default');
    await ensureCase(store.db, 'other', 'Other');
    await ensureCase(store.db, 'hidden', 'Hidden');
    await saveDocument(store.db, doc('doc-inv', 'default'));
    await replacePages(store.db, store.dialect, 'default', 'doc-inv', [
      { page: 1, text: INVOICE, folded: foldDocumentText(INVOICE), language: 'en', method: 'text' },
    ]);
    const buyer = { id: 'e-buyer', schema: 'Company', properties: { name: ['Akçakale İletişim'] } };
    await upsertEntities(store.db, 'default', [buyer]);
    const seller = {
      id: 'e-anadolu',
      schema: 'Company',
      properties: { name: ['Anadolu Kimya Dagitim AS'] },
    };
    await upsertEntities(store.db, 'other', [seller]);
    await upsertEntities(store.db, 'hidden', [{ ...seller, id: 'e-hidden' }]);

    const first = await extractDocumentMentions(store, 'default', 'doc-inv');
    expect(first.by_kind).toMatchObject({ iban: 1, hs_code: 1, phone: 1, company: 2 });
    const mentions = await documentMentions(store, 'default', 'doc-inv');
    for (const m of mentions) expect(INVOICE.slice(m.start, m.end)).toBe(m.text);
    const buyerMention = mentions.find((m) => m.kind === 'company' && m.entity_id === 'e-buyer')!;
    expect(buyerMention.text).toBe('Akcakale Iletisim Ltd. Şti.');

    // Accepted: the buyer's sources show the document, its page and a grade.
    await acceptMention(store, 'default', buyerMention.id, { credibility: 2 }, 'alice');
    const sources = await evidenceFor(store.db, 'default', 'e-buyer', 'entity');
    expect(sources).toMatchObject([
      {
        id: 'doc-inv',
        kind: 'document',
        page: expect.stringMatching(/^(p\. )?1$/),
        credibility: 2,
        grade: 'F2',
      },
    ]);
    expect(sources[0]!.excerpt).toContain('Akcakale Iletisim');

    // Rejected: not proposed again by a second extraction; the acceptance stays.
    const phone = mentions.find((m) => m.kind === 'phone')!;
    await rejectMention(store, 'default', phone.id, 'alice');
    const again = await extractDocumentMentions(store, 'default', 'doc-inv');
    expect(again.proposed).toBe(mentions.length - 2);
    const after = await documentMentions(store, 'default', 'doc-inv');
    expect(after.filter((m) => m.kind === 'phone').map((m) => m.state)).toEqual(['rejected']);
    expect(after.find((m) => m.id === buyerMention.id)!.state).toBe('accepted');

    // Cross-referencing sees the other case the user may see, never the hidden one.
    const xrefs = await crossReference(store, 'default', {
      documentId: 'doc-inv',
      visibleCases: ['default', 'other'],
    });
    expect(xrefs.map((x) => [x.target_case_id, x.entity_id])).toEqual([['other', 'e-anadolu']]);
    expect(xrefs[0]!.score).toBeGreaterThanOrEqual(0.75);
    await decideCrossReference(store, 'default', xrefs[0]!.id, 'match', 'alice');
    await crossReference(store, 'default', { visibleCases: ['default', 'other'] });
    expect(
      (await documentXrefs(store, 'default', { visibleCases: ['default', 'other'] }))[0]!.decision,
    ).toBe('match');
    expect(await documentXrefs(store, 'default', { visibleCases: ['default'] })).toEqual([]);

    // The invoice's draft becomes an order, scored.
    const [draft] = await documentDrafts(store, 'default');
    expect(draft!.fields).toMatchObject({
      seller: 'Anadolu Kimya Dağıtım A.Ş.',
      hs_code: '760320',
      value: 27000,
    });
    const confirmed = await confirmDraft(store, 'default', draft!.id, { actor: 'alice' });
    expect(confirmed.draft.state).toBe('confirmed');
    expect((await listOrders(store.db, ['default'])).map((o) => o.order_id)).toEqual([
      'INV-2015-0612',
    ]);
    expect(confirmed.likelihood).toBeGreaterThan(0);
    await expect(
      confirmDraft(store, 'default', draft!.id, { actor: 'alice' }),
    ).rejects.toMatchObject({ code: 'CP_CONFLICT' });
  });

  it('runs as the documents.mentions job, reporting progress and counts', async () => {
    const { store } = ctx;
    await ensureCase(store.db, 'jobcase', 'Job case');
    await saveDocument(store.db, doc('doc-job', 'jobcase'));
    await replacePages(store.db, store.dialect, 'jobcase', 'doc-job', [
      { page: 1, text: INVOICE, folded: foldDocumentText(INVOICE), language: 'en', method: 'text' },
    ]);
    const counts: Record<string, number> = {};
    const stages: string[] = [];
    const result = await mentionsJob(
      store,
      { case_id: 'jobcase', document_ids: ['doc-job'] },
      {
        progress: (_d, _t, stage) => stages.push(stage),
        count: (name, by = 1) => void (counts[name] = (counts[name] ?? 0) + by),
        signal: new AbortController().signal,
        actor: 'test',
      },
    );
    expect(result.documents[0]!.by_kind).toMatchObject({ iban: 1, hs_code: 1 });
    expect(counts).toEqual({ documents: 1, mentions: result.documents[0]!.proposed });
    expect(stages).toEqual(['page 1', 'done']);
    await expect(
      mentionsJob(
        store,
        { case_id: 'jobcase', document_ids: ['doc-none'] },
        {
          progress: () => undefined,
          count: () => undefined,
          signal: new AbortController().signal,
          actor: 'test',
        },
      ),
    ).rejects.toMatchObject({ code: 'CP_NOT_FOUND' });
  });
});
