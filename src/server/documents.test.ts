import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../reports/pdf.ts';
import { describeEachStore } from '../../test/stores.ts';
import { textPdf } from '../../test/documents.ts';
import { CASE_A, startWorld, type World } from './testing.ts';

const A = `/api/cases/${CASE_A}`;
let pdf: Buffer;

beforeAll(async () => {
  const browser = await launchChromium();
  try {
    pdf = await textPdf(browser, [
      'Bill of lading 77 for the consignment of paste',
      'Shipper: Anadolu Kimya\nPort: Mersin, Türkiye',
    ]);
  } finally {
    await browser.close();
  }
}, 60_000);

async function upload(
  w: World,
  who: 'analyst' | 'viewer' | 'stranger',
  name: string,
  bytes: Buffer,
) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const res = await fetch(`${w.base}${A}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${w.tokens[who]}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as { job_id: string; status_url: string } };
}

async function finished(w: World, url: string) {
  for (let i = 0; i < 300; i++) {
    const r = await w.call('analyst', 'GET', url);
    const job = r.body as { state: string; counts: Record<string, number> };
    if (job.state !== 'queued' && job.state !== 'running') return job;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('job did not finish');
}

describeEachStore('documents API', (ctx) => {
  let w: World;
  beforeAll(async () => {
    // The originals of this suite's stores go to a directory of its own (a team's setting).
    process.env.CHOKEPOINT_FILES_DIR = mkdtempSync(join(tmpdir(), 'cp-docs-api-'));
    w = await startWorld(ctx.store);
  }, 60_000);
  afterAll(() => w?.close());

  it('uploads as a job, then lists, searches, shows pages and images, serves the original', async () => {
    const up = await upload(w, 'analyst', 'lading.pdf', pdf);
    expect(up.status).toBe(202);
    const job = await finished(w, up.body.status_url);
    expect(job).toMatchObject({ state: 'succeeded' });
    expect(job.counts.pages).toBe(2);

    const list = await w.call('viewer', 'GET', `${A}/documents`);
    const items = (list.body as { items: { id: string; file_name: string; pages: number }[] })
      .items;
    const doc = items.find((d) => d.file_name === 'lading.pdf')!;
    expect(doc.pages).toBe(2);

    const again = await upload(w, 'analyst', 'copy-of-lading.pdf', pdf);
    await finished(w, again.body.status_url);
    const after = await w.call('viewer', 'GET', `${A}/documents?mime=application/pdf`);
    expect((after.body as { total: number }).total).toBe(1);

    const hits = await w.call('viewer', 'GET', `${A}/documents/search?q=turkiye`);
    expect(hits.status).toBe(200);
    expect((hits.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        document_id: doc.id,
        page: 2,
        snippet: expect.stringContaining('Türkiye'),
      }),
    ]);
    const global = await w.call('viewer', 'GET', '/api/search?q=mersin');
    expect(
      (global.body as { documents: { document_id: string }[] }).documents[0]?.document_id,
    ).toBe(doc.id);

    const page = await w.call('viewer', 'GET', `${A}/documents/${doc.id}/pages/1`);
    expect(page.body).toMatchObject({
      page: 1,
      method: 'text',
      text: expect.stringContaining('lading'),
    });
    const img = await fetch(`${w.base}${A}/documents/${doc.id}/pages/2/image`, {
      headers: { authorization: `Bearer ${w.tokens.viewer}` },
    });
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await img.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const orig = await fetch(`${w.base}${A}/documents/${doc.id}/original`, {
      headers: { authorization: `Bearer ${w.tokens.viewer}` },
    });
    expect(Buffer.from(await orig.arrayBuffer()).equals(pdf)).toBe(true);
    expect(orig.headers.get('content-disposition')).toContain('attachment');
  }, 60_000);

  it('keeps documents within their case: viewers cannot upload, strangers see nothing', async () => {
    expect((await upload(w, 'viewer', 'x.txt', Buffer.from('hello'))).status).toBe(403);
    expect((await upload(w, 'stranger', 'x.txt', Buffer.from('hello'))).status).toBe(404);
    const s = await w.call('stranger', 'GET', `${A}/documents/search?q=mersin`);
    expect(s.status).toBe(404);
    const g = await w.call('stranger', 'GET', '/api/search?q=mersin');
    expect((g.body as { documents: unknown[] }).documents).toEqual([]);
  });
});
