import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { addTextDocument } from '../app/documents.ts';
import { upsertEntities } from '../store/entities.ts';
import { grantRole } from '../store/users.ts';
import { CASE_A, CASE_B, startWorld, type World } from './testing.ts';

const A = `/api/cases/${CASE_A}`;
const INVOICE = `PROFORMA INVOICE
Proforma No: PF-77
Date: 12/03/2016
Seller: Anadolu Kimya Dağıtım A.Ş.
Tel: +90 212 555 01 23
Buyer: Ceylanpınar Elektronik Ltd. Şti.
Goods: aluminium paste, HS code 7603.20
Quantity: 2,000 kg
Total: EUR 9.400,00
Bank: IBAN TR33 0006 1005 1978 6457 8413 26`;

interface M {
  id: string;
  kind: string;
  text: string;
  normalized: string;
  entity_id: string | null;
  state: string;
}

describeEachStore('mentions API', (ctx) => {
  let w: World;
  let docId: string;
  beforeAll(async () => {
    w = await startWorld(ctx.store);
    docId = (
      await addTextDocument(ctx.store, CASE_A, {
        title: 'Proforma PF-77',
        file_name: 'pf77.txt',
        pages: [INVOICE],
      })
    ).id;
    await upsertEntities(ctx.store.db, CASE_B, [
      { id: 'b-anadolu', schema: 'Company', properties: { name: ['Anadolu Kimya Dagitim AS'] } },
    ]);
  }, 60_000);
  afterAll(() => w?.close());

  it('lists, accepts and rejects mentions; the accepted one shows in the record sources', async () => {
    const list = await w.call('viewer', 'GET', `${A}/documents/${docId}/mentions`);
    expect(list.status).toBe(200);
    const ms = (list.body as { items: M[] }).items;
    const kinds = new Set(ms.map((m) => m.kind));
    for (const k of ['iban', 'hs_code', 'phone', 'company', 'amount', 'date', 'quantity'])
      expect(kinds).toContain(k);
    expect(ms.find((m) => m.kind === 'amount')!.normalized).toBe('EUR 9400');

    const seller = ms.find((m) => m.kind === 'company' && m.text.startsWith('Anadolu'))!;
    expect(seller.entity_id).not.toBeNull(); // the demo case's party, matched by name
    expect((await w.call('viewer', 'POST', `${A}/mentions/${seller.id}/accept`, {})).status).toBe(
      403,
    );
    const ok = await w.call('analyst', 'POST', `${A}/mentions/${seller.id}/accept`, {
      credibility: 2,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      state: 'accepted',
      record_kind: 'entity',
      record_id: seller.entity_id,
    });
    const ev = await w.call(
      'viewer',
      'GET',
      `${A}/records/${seller.entity_id}/evidence?kind=entity`,
    );
    expect((ev.body as { items: { id: string; grade: string }[] }).items).toContainEqual(
      expect.objectContaining({ id: docId, kind: 'document', credibility: 2 }),
    );

    const phone = ms.find((m) => m.kind === 'phone')!;
    await w.call('analyst', 'POST', `${A}/mentions/${phone.id}/reject`);
    const again = await w.call('analyst', 'POST', `${A}/documents/${docId}/mentions/extract`);
    expect(again.status).toBe(200);
    const after = (await w.call('viewer', 'GET', `${A}/documents/${docId}/mentions?kind=phone`))
      .body as { items: M[] };
    expect(after.items.map((m) => m.state)).toEqual(['rejected']);

    const stranger = await w.call('stranger', 'GET', `${A}/documents/${docId}/mentions`);
    expect(stranger.status).toBe(404);
  });

  it('reads a document for mentions as a job when asked to answer at once', async () => {
    const r = await w.call(
      'analyst',
      'POST',
      `${A}/documents/${docId}/mentions/extract`,
      undefined,
      {
        prefer: 'respond-async',
      },
    );
    expect(r.status).toBe(202);
    const url = (r.body as { status_url: string }).status_url;
    let job: { state: string; counts?: Record<string, number> } = { state: 'queued' };
    for (let i = 0; i < 300 && (job.state === 'queued' || job.state === 'running'); i++) {
      await new Promise((res) => setTimeout(res, 100));
      job = (await w.call('analyst', 'GET', url)).body as typeof job;
    }
    expect(job.state).toBe('succeeded');
    expect(job.counts).toMatchObject({ documents: 1 });
  });

  it('cross-references only against the cases the caller may see, and keeps decisions', async () => {
    const before = await w.call('analyst', 'POST', `${A}/xref`, { document_id: docId });
    expect(before.status).toBe(200);
    expect(
      (before.body as { items: { target_case_id: string | null }[] }).items.filter(
        (x) => x.target_case_id === CASE_B,
      ),
    ).toEqual([]);

    await grantRole(ctx.store.db, w.users.analyst.id, CASE_B, 'viewer');
    const after = await w.call('analyst', 'POST', `${A}/xref`, { document_id: docId });
    const hit = (
      after.body as { items: { id: string; target_case_id: string; entity_id: string }[] }
    ).items.find((x) => x.target_case_id === CASE_B)!;
    expect(hit.entity_id).toBe('b-anadolu');
    const decided = await w.call('analyst', 'POST', `${A}/xref/${hit.id}/decision`, {
      decision: 'match',
    });
    expect(decided.body).toMatchObject({ decision: 'match' });
    // The viewer of case A alone does not see what reaches case B.
    const seen = (await w.call('viewer', 'GET', `${A}/xref?document_id=${docId}`)).body as {
      items: { target_case_id: string }[];
    };
    expect(seen.items.filter((x) => x.target_case_id === CASE_B)).toEqual([]);
  });

  it('confirms a draft into a scored order, refusing what the paper lacks until it is given', async () => {
    await w.call('analyst', 'POST', `${A}/documents/${docId}/mentions/extract`);
    const drafts = (await w.call('viewer', 'GET', `${A}/drafts?document_id=${docId}`)).body as {
      items: { id: string; kind: string; fields: Record<string, unknown> }[];
    };
    expect(drafts.items).toHaveLength(1);
    expect(drafts.items[0]).toMatchObject({
      kind: 'proforma',
      fields: { order_id: 'PF-77', value: 9400, currency: 'EUR' },
    });
    const id = drafts.items[0]!.id;
    const bad = await w.call('analyst', 'POST', `${A}/drafts/${id}/confirm`, {
      set: { quantity: 'many' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'CP_BAD_DRAFT', field: 'quantity' } });
    const ok = await w.call('analyst', 'POST', `${A}/drafts/${id}/confirm`, {
      set: { buyer_business: 'electronics shop' },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const body = ok.body as {
      order: { order_id: string };
      likelihood: number;
      draft: { state: string };
    };
    expect(body.order.order_id).toBe('PF-77');
    expect(body.draft.state).toBe('confirmed');
    const order = await w.call('viewer', 'GET', `${A}/orders/PF-77`);
    expect(order.status).toBe(200);
  });

  it('imports a spreadsheet through a mapping, refusing a viewer and a bad mapping', async () => {
    const examples = new URL('../../examples/', import.meta.url).pathname;
    const form = (mapping: string) => {
      const f = new FormData();
      f.append('mapping', new Blob([mapping]), 'ledger.yml');
      f.append('file', new Blob([readFileSync(`${examples}supplier-ledger.csv`)]), 'ledger.csv');
      return f;
    };
    const send = (who: 'analyst' | 'viewer', body: FormData) =>
      fetch(`${w.base}${A}/imports/mapped`, {
        method: 'POST',
        headers: { authorization: `Bearer ${w.tokens[who]}` },
        body,
      });
    const yml = readFileSync(`${examples}supplier-ledger.yml`, 'utf8');
    expect((await send('viewer', form(yml))).status).toBe(403);
    const bad = await send(
      'analyst',
      form('orders: { order_id: Nope, seller: Supplier, buyer: Customer }'),
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'CP_IMPORT_BAD_HEADER', field: 'orders.order_id' },
    });
    const ok = await send('analyst', form(yml));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ kind: 'mapped', rows: 2, orders: 2, entities: 3 });
    expect((await w.call('viewer', 'GET', `${A}/orders/L-2016-032`)).status).toBe(200);
  });
});
