import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachStore } from '../../test/stores.ts';
import { IncidentSchema } from '../incidents/schema.ts';
import { exportKind } from '../app/exports.ts';
import { importFile } from '../store/importer.ts';
import { loadDemo } from '../store/demo.ts';
import { buildBulletin } from './bulletin.ts';
import { buildEntityDossier } from './dossier.ts';
import { escapeHtml, escapeMarkdown, escapeXml } from './escape.ts';
import { toGexf, toGraphml } from './exports.ts';
import { renderHtml } from './render-html.ts';
import { renderMarkdown } from './render-md.ts';

const HOSTILE = `<script>alert(1)</script> =cmd|' /C calc'!A0 [x](javascript:alert(1)) <img src=x onerror=alert(2)> &amp; **bold** | pipe`;

const hostileIncident = IncidentSchema.parse({
  id: 'hostile-1',
  text: HOSTILE,
  date: '2021-01-08',
  date_precision: 'day',
  country: 'Syria<b>',
  country_code: 'SY',
  admin1: '=HYPERLINK("http://x")',
  place: '- list item',
  attack_type: 'ied',
  perpetrator: '<i>ISIS</i>',
  killed: 1,
  attribution: 'claimed',
  sources: [{ name: HOSTILE, date: '2021-01-09' }],
});

const summary = {
  from: '2021-01-07',
  to: '2021-01-13',
  totals: { attacks: 1, killed: 1, wounded: 0, casualties: 1, casualties_per_attack: 1 },
  previous: { attacks: 0, killed: 0, wounded: 0, casualties: 0, casualties_per_attack: null },
  by_country: [{ key: 'Syria<b>', attacks: 1, killed: 1, wounded: 0, casualties: 1 }],
  by_admin1: [
    {
      key: '=HYPERLINK("http://x")',
      country: 'Syria<b>',
      attacks: 1,
      killed: 1,
      wounded: 0,
      casualties: 1,
    },
  ],
  by_attack_type: [{ key: 'ied', attacks: 1, killed: 1, wounded: 0, casualties: 1 }],
  by_week: [{ key: '2021-01-07', attacks: 1, killed: 1, wounded: 0, casualties: 1 }],
  by_event_type: [],
  by_actor: [],
};

const source = {
  id: 'src-<x>',
  title: HOSTILE,
  publisher: '<b>pub</b>',
  kind: 'news',
  url: 'javascript:alert(3)',
  published: '2021-01-09',
  reliability: 'C',
  credibility: 3,
  page: '<p>',
  grade: 'C3',
};

describe('escaping untrusted text', () => {
  it('escapes HTML, XML and Markdown specials', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(escapeXml(`a\u0001<b>'`)).toBe('a&lt;b&gt;&apos;');
    expect(escapeMarkdown('<script>')).toBe('\\<script\\>');
    expect(escapeMarkdown('[x](y) *a* _b_ `c` a|b &lt;')).toBe(
      '\\[x\\](y) \\*a\\* \\_b\\_ \\`c\\` a\\|b \\&lt;',
    );
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('=cmd|x')).toBe('\\=cmd\\|x');
    expect(escapeMarkdown('12. June')).toBe('12\\. June');
    expect(escapeMarkdown('line\n===')).toBe('line ===');
  });

  const doc = buildBulletin({
    from: '2021-01-07',
    to: '2021-01-13',
    incidents: [hostileIncident],
    summary,
    previousPeriod: { from: '2020-12-31', to: '2021-01-06' },
    previous: null,
    trend: summary.by_week,
    evidence: { 'hostile-1': [source] },
    generated: '2021-01-14T00:00:00Z',
  });

  it('leaves no live markup in the HTML bulletin', () => {
    const html = renderHtml(doc);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<b>pub|<i>ISIS|<b>\s*\(|Syria<b>/);
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('=cmd|&#39; /C calc&#39;!A0');
    expect(html).toContain('&amp;amp;');
    // The source's address is shown as text, never as a link.
    expect(html).toContain('<span class="url">javascript:alert(3)</span>');
    // A hostile source id still makes a safe fragment id.
    expect(html).toMatch(/id="src-src-_3c_x_3e_"/);
  });

  it('leaves no live markup in the Markdown bulletin', () => {
    const md = renderMarkdown(doc);
    expect(md).toContain('\\<script\\>alert(1)\\</script\\>');
    expect(md).not.toMatch(/[^\\]<script/);
    expect(md).not.toMatch(/[^\\]\[x\]\(javascript/);
    expect(md).toContain('\\=HYPERLINK');
    expect(md).toContain('=cmd\\|');
    expect(md).toContain('\\&amp;');
    // Headings of hostile names stay one line and escaped.
    expect(md).toContain('### Syria\\<b\\> (1 incident)');
  });

  it('escapes a hostile entity in a dossier', () => {
    const d = buildEntityDossier({
      entity: {
        id: 'e1',
        schema: 'Company',
        properties: { name: [HOSTILE], registrationNumber: ['=1+1'] },
      },
      evidence: [],
      names: {},
      relations: [],
      orders: [],
      sanctions: [],
      network: null,
    });
    const html = renderHtml(d);
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<span class="cite unsourced">[unsourced]</span>');
    const md = renderMarkdown(d);
    expect(md).toContain('| Registration number | \\=1+1 |');
    expect(md).toContain('\\[unsourced\\]');
  });

  it('escapes XML in GraphML and GEXF, which still parse', () => {
    const graph = {
      nodes: [{ id: 'a<1>', label: HOSTILE, schema: 'Company', country: 'tr' }],
      edges: [
        {
          id: 'e"1',
          source: 'a<1>',
          target: 'b&2',
          kind: 'supply' as const,
          schema: 'Order',
          weight: 2,
          commodity: '<x>',
        },
      ],
    };
    const parser = new XMLParser({ ignoreAttributes: false });
    for (const xml of [toGraphml(graph), toGexf(graph)]) {
      expect(xml).not.toMatch(/<script|<x>/);
      const parsed = parser.parse(xml) as Record<string, unknown>;
      expect(JSON.stringify(parsed)).toContain('<script>alert(1)</script>');
    }
  });
});

describeEachStore('exports for GIS, spreadsheets and Gephi', (ctx) => {
  beforeAll(async () => {
    await loadDemo(ctx.store);
    await importFile(ctx.store, 'incidents', 'hostile.jsonl', {
      text: `${JSON.stringify(hostileIncident)}\n`,
    });
  }, 120_000);

  it('neutralises formulas in the incidents CSV', async () => {
    const csv = await exportKind(ctx.store, 'incidents', { format: 'csv' });
    const line = csv.split('\n').find((l) => l.startsWith('hostile-1'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(line).not.toMatch(/,=/);
  });

  it('writes the network as GraphML and GEXF with every party and the supply edges', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const graphml = parser.parse(await exportKind(ctx.store, 'network', { format: 'graphml' })) as {
      graphml: {
        graph: {
          node: { id: string }[];
          edge: { source: string; target: string; data: { key: string; '#text': string }[] }[];
        };
      };
    };
    const ids = graphml.graphml.graph.node.map((n) => n.id);
    expect(ids).toContain('p-mehmet-karahan');
    expect(ids).toContain('c-karahan-kimya');
    const kinds = graphml.graphml.graph.edge.map(
      (e) => [e.data].flat().find((d) => d.key === 'e_kind')?.['#text'],
    );
    expect(new Set(kinds)).toEqual(new Set(['supply', 'control', 'payment', 'link']));
    const gexf = parser.parse(await exportKind(ctx.store, 'network', { format: 'gexf' })) as {
      gexf: { graph: { nodes: { node: unknown[] }; edges: { edge: unknown[] } } };
    };
    expect(gexf.gexf.graph.nodes.node).toHaveLength(ids.length);
    expect(gexf.gexf.graph.edges.edge).toHaveLength(graphml.graphml.graph.edge.length);
  });

  it('places seizures as GeoJSON points through the gazetteer', async () => {
    const fc = JSON.parse(await exportKind(ctx.store, 'seizures', { format: 'geojson' })) as {
      features: {
        id: string;
        geometry: { coordinates: [number, number] };
        properties: { geo_precision: number };
      }[];
      unplaced: string[];
    };
    // The demo's four seizures (the fourth, SZ-2021-RAQ, holds the items the trace follows).
    expect(fc.features.length + fc.unplaced.length).toBe(4);
    expect(fc.features.length).toBeGreaterThan(0);
    for (const f of fc.features) {
      const [lon, lat] = f.geometry.coordinates;
      // North-east Syria and its neighbours.
      expect(lat).toBeGreaterThan(32);
      expect(lat).toBeLessThan(38);
      expect(lon).toBeGreaterThan(35);
      expect(lon).toBeLessThan(43);
    }
  });
});
