import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../core/csv.ts';
import { parseRow } from '../core/schema.ts';
import { composition } from './composition.ts';
import { findLinks, suppliedTogether } from './links.ts';
import { BaselineRowSchema, SeizureItemSchema, type SeizureItem } from './schema.ts';
import { searchSerials } from './search.ts';
import { timeline } from './timeline.ts';

/**
 * The fixture (fixtures/three-seizures.csv, written for this test, messy on purpose: mixed
 * case, empty quantities, serials with spaces and dashes) rebuilds the reference figures:
 * one rare model at 12 %, 5 % and 9 % of three seizures' weapons and one in ten of their
 * assault rifles, against a baseline where it is rare.
 */
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const read = <T>(name: string, schema: Parameters<typeof parseRow>[0]) =>
  readCsv(readFileSync(fixture(name), 'utf8'), { file: name }).records.map(
    (r) => parseRow(schema, r.values, { file: name, line: r.line }) as T,
  );
const items = read<SeizureItem>('three-seizures.csv', SeizureItemSchema);
const baseline = read<{
  type: string | null;
  model: string | null;
  manufacturer: string | null;
  country_of_manufacture: string | null;
  count: number;
}>('baseline.csv', BaselineRowSchema);

describe('composition of the three-seizure fixture', () => {
  const byModel = composition(items, baseline, { by: 'model' });
  const type68 = (groups: { label: string }[]) =>
    groups.find((g) => g.label === 'Type 68') as (typeof byModel.overall.groups)[number];

  it('gives the rare model 12 %, 5 % and 9 % of each seizure’s weapons, ranked first', () => {
    const shares = Object.fromEntries(
      byModel.seizures.map((s) => [s.seizure_id, Math.round(type68(s.groups).share * 100)]),
    );
    expect(shares).toEqual({ 'F-ALPHA': 12, 'F-BRAVO': 5, 'F-CHARLIE': 9 });
    for (const s of byModel.seizures) expect(s.groups[0]!.label, s.seizure_id).toBe('Type 68');
    expect(type68(byModel.overall.groups).count).toBe(18);
    expect(type68(byModel.overall.groups).seizures_present).toBe(3);
  });

  it('makes it one in ten of all assault rifles, with a large lift and a tiny p-value', () => {
    const ar = composition(items, baseline, { by: 'model', withinType: 'assault_rifle' });
    expect(ar.overall.total).toBe(180);
    const g = type68(ar.overall.groups);
    expect(g.count / ar.overall.total).toBe(0.1);
    expect(g.share).toBe(0.1);
    expect(g.baseline_share).toBeCloseTo(80 / 120000, 12);
    expect(g.lift).toBeCloseTo(150, 9);
    expect(g.p_value).toBeLessThan(1e-20);
    expect(ar.overall.groups[0]!.label).toBe('Type 68');
  });

  it('flags a model missing from the baseline instead of ranking it as surprise', () => {
    const pk = byModel.seizures
      .find((s) => s.seizure_id === 'F-ALPHA')!
      .groups.find((g) => g.label === 'PK')!;
    expect(pk.baseline_missing).toBe(true);
    expect(pk.p_value).toBeNull();
  });

  it('groups by country and calibre through the aliases', () => {
    const byCountry = composition(items, baseline, { by: 'country', withinType: 'assault_rifle' });
    expect(byCountry.overall.groups[0]).toMatchObject({ label: 'North Korea', count: 18 });
    const byCalibre = composition(items, baseline, { by: 'calibre' });
    expect(byCalibre.baseline.compared).toBe(false);
    expect(byCalibre.overall.groups.find((g) => g.label === '7.62×39mm')!.count).toBe(180);
    const ammo = composition(items, baseline, { by: 'calibre', category: 'ammunition' });
    expect(ammo.overall.groups.find((g) => g.label === '7.62×39mm')!.count).toBe(3500);
  });
});

describe('links in the three-seizure fixture', () => {
  const report = findLinks(items);

  it('links the receiver cover to the rifle it came from in another seizure, with evidence', () => {
    const comp = report.links.filter((l) => l.kind === 'component_serial');
    expect(comp).toHaveLength(1);
    expect(comp[0]!.seizures).toEqual(['F-CHARLIE', 'F-ALPHA']);
    expect(comp[0]!.items).toEqual(['charlie-10', 'charlie-3', 'alpha-4']);
    expect(comp[0]!.evidence).toMatchObject({
      serial: '68770196',
      component: { serial_number: '68 770 196' },
      matches: { item_id: 'alpha-4', model: 'Type 68' },
    });
  });

  it('never links a short serial, nor a long one on a different model family', () => {
    const linked = new Set(report.links.flatMap((l) => l.items));
    const withSerial = (s: string) =>
      items.filter((i) => i.serial_number === s).map((i) => i.item_id);
    // "3321" on a Type 68 gas block and on an AKM: too short to mean anything.
    expect(withSerial('3321')).toHaveLength(2);
    // "4821907" on an RPG-7 sight and on an AKM: long, but different model families.
    expect(withSerial('4821907')).toHaveLength(2);
    for (const id of [...withSerial('3321'), ...withSerial('4821907')])
      expect(linked.has(id), id).toBe(false);
  });

  it('finds the Type 68 serial run across all three seizures', () => {
    const runs = report.links.filter((l) => l.kind === 'serial_run');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.seizures).toEqual(['F-ALPHA', 'F-BRAVO', 'F-CHARLIE']);
    expect(runs[0]!.evidence).toMatchObject({
      model: 'Type 68',
      count: 18,
      first: 68770190,
      last: 68770209,
      max_gap: 2,
    });
  });

  it('ties the shared lot only where calibre agrees', () => {
    const lots = report.links.filter((l) => l.kind === 'ammunition_lot');
    expect(lots).toHaveLength(1);
    expect(lots[0]!.seizures).toEqual(['F-ALPHA', 'F-BRAVO']);
    expect(lots[0]!.evidence).toMatchObject({
      lot: '0791',
      calibre: '7.62×39mm',
      manufacturer: 'Norinco',
      rounds_by_seizure: { 'F-ALPHA': 1000, 'F-BRAVO': 2500 },
    });
  });

  it('clusters the three seizures, so "one source?" is a query', () => {
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0]!.seizures).toEqual(['F-ALPHA', 'F-BRAVO', 'F-CHARLIE']);
    expect(suppliedTogether(report, ['F-ALPHA', 'F-CHARLIE']).together).toBe(true);
    // Without the Type 68 evidence, only the lot ties two of them.
    const noRifles = findLinks(items.filter((i) => i.model === null || !/68/.test(i.model)));
    expect(suppliedTogether(noRifles, ['F-ALPHA', 'F-CHARLIE']).together).toBe(false);
    expect(noRifles.isolated).toEqual(['F-CHARLIE']);
  });

  it('keeps near serials of different makers apart', () => {
    const other: SeizureItem = {
      ...items.find((i) => i.item_id === 'bravo-1')!,
      item_id: 'x-1',
      seizure_id: 'F-X',
      manufacturer: 'Norinco',
      country_of_manufacture: 'China',
      serial_number: '68-770210',
    };
    const r = findLinks([...items, other]);
    expect(r.links.find((l) => l.kind === 'serial_run')!.items).not.toContain('x-1');
  });
});

describe('serial search and timeline', () => {
  it('finds serials by glob whatever their spacing', () => {
    const hits = searchSerials(items, '68*7701?6');
    expect(hits.map((h) => h.item_id).sort()).toEqual(['alpha-4', 'charlie-10']);
    const lot0791 = items.filter((i) => i.lot?.replace(/\D/g, '') === '0791').map((i) => i.item_id);
    expect(lot0791).toHaveLength(3);
    expect(searchSerials(items, '0791', { lots: true }).map((h) => h.item_id)).toEqual(lot0791);
  });

  it('summarises years from manufacture to seizure per model', () => {
    const t = timeline(items);
    const dated = items.filter((i) => i.category === 'weapon' && i.year_of_manufacture !== null);
    const years = dated
      .map((i) => Number(i.seizure_date!.slice(0, 4)) - i.year_of_manufacture!)
      .sort((a, b) => a - b);
    const g = t.groups.find((x) => x.label === 'Type 68')!;
    expect(g.quantity).toBe(18);
    expect(t.overall!.min).toBe(years[0]);
    expect(t.overall!.max).toBe(years[years.length - 1]);
    expect(g.median).toBeGreaterThanOrEqual(g.q1);
    expect(g.q3).toBeGreaterThanOrEqual(g.median);
  });
});
