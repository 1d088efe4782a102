import {
  LINK_KINDS,
  type Cluster,
  type Link,
  type LinkKind,
  type LinkReport,
  type SeizureItem,
} from './schema.ts';
import {
  createNormaliser,
  isInformativeSerial,
  parseSerial,
  serialBits,
  tidy,
  type Normaliser,
  type SerialParts,
} from './normalise.ts';

/**
 * Links between seizures, each carrying the evidence that makes it (DESIGN.md: "a derived
 * finding can always be traced back to the evidence that produced it"):
 *
 *  - `component_serial`: a component (bolt carrier, receiver cover…) found in a weapon of
 *    one seizure carries the serial of a weapon — or of another component — documented in
 *    another seizure: parts of one weapon were split between caches.
 *  - `serial_run`: weapons of the same model (and maker, where both are known) whose serial
 *    numbers are consecutive or near across seizures: a shared production or shipment batch.
 *  - `ammunition_lot`: ammunition of the same lot (and calibre, maker, year where known).
 *
 * Seizures are then clustered by what they share (connected components of the links at or
 * above a strength), with pair weights combined as a noisy-or of the link strengths.
 *
 * Guards against coincidence: a serial must be long and varied enough (normalise.ts,
 * `isInformativeSerial`) and the two items must belong to the same model family; a serial
 * run needs at least three digits in its numeric part and the same normalised model.
 */

export { LINK_KINDS };
export type { Cluster, Link, LinkKind, LinkReport } from './schema.ts';

export interface LinkOptions {
  normaliser?: Normaliser;
  /** Largest gap between neighbouring serials still read as one batch (default 25). */
  maxGap?: number;
  /** Links below this strength do not join clusters (default 0.5). */
  minClusterStrength?: number;
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

interface Prepared {
  it: SeizureItem;
  serial: SerialParts | null;
}

export function findLinks(items: SeizureItem[], opts: LinkOptions = {}): LinkReport {
  const n = opts.normaliser ?? createNormaliser();
  const maxGap = opts.maxGap ?? 25;
  const minStrength = opts.minClusterStrength ?? 0.5;
  // Only the weapons components were found in are looked up by id.
  const parents = new Set<string>();
  for (const it of items) if (it.parent_item_id) parents.add(it.parent_item_id);
  const byId = new Map<string, SeizureItem>();
  for (const it of items) if (parents.has(it.item_id)) byId.set(it.item_id, it);
  // Only weapons and components take part in serial matching.
  const prepared: Prepared[] = [];
  for (const it of items)
    if (it.category === 'weapon' || it.category === 'component')
      prepared.push({ it, serial: parseSerial(it.serial_number) });

  const links: Link[] = [
    ...componentLinks(prepared, byId, n),
    ...serialRunLinks(prepared, n, maxGap),
    ...lotLinks(items, n),
  ];
  links.sort(
    (a, b) =>
      LINK_KINDS.indexOf(a.kind) - LINK_KINDS.indexOf(b.kind) ||
      b.strength - a.strength ||
      a.id.localeCompare(b.id),
  );
  links.forEach((l, i) => (l.id = `L${i + 1}`));

  const seizureIds = [...new Set(items.map((i) => i.seizure_id))].sort();
  const { clusters, isolated } = clusterSeizures(seizureIds, links, minStrength);
  return {
    params: {
      max_gap: maxGap,
      min_serial_length: 5,
      min_serial_bits: 16,
      min_cluster_strength: minStrength,
    },
    links,
    clusters,
    isolated,
  };
}

function componentLinks(
  prepared: Prepared[],
  byId: Map<string, SeizureItem>,
  n: Normaliser,
): Link[] {
  // Index only the serials some component carries: components are few, weapons many.
  const bySerial = new Map<string, Prepared[]>();
  for (const p of prepared) {
    if (
      p.it.category === 'component' &&
      isInformativeSerial(p.serial) &&
      !bySerial.has(p.serial.compact)
    )
      bySerial.set(p.serial.compact, []);
  }
  if (bySerial.size === 0) return [];
  for (const p of prepared) {
    if (p.serial === null) continue;
    const list = bySerial.get(p.serial.compact);
    if (list) list.push(p);
  }
  const out: Link[] = [];
  for (const [compact, group] of bySerial) {
    if (group.length < 2) continue;
    const components = group.filter((p) => p.it.category === 'component');
    for (const c of components) {
      const parent = c.it.parent_item_id ? byId.get(c.it.parent_item_id) : undefined;
      // The component's own model, else the model of the weapon it was found in.
      const cModel = n.canonical('model', c.it.model) ?? n.canonical('model', parent?.model);
      const cFamily = n.family(cModel);
      if (cFamily === null) continue;
      for (const w of group) {
        if (w === c || w.it.seizure_id === c.it.seizure_id) continue;
        // A component–component pair is reported once.
        if (w.it.category === 'component' && w.it.item_id < c.it.item_id) continue;
        const wParent =
          w.it.category === 'component' && w.it.parent_item_id
            ? byId.get(w.it.parent_item_id)
            : undefined;
        const wModel = n.canonical('model', w.it.model) ?? n.canonical('model', wParent?.model);
        if (n.family(wModel) !== cFamily) continue;
        const bits = serialBits(compact);
        const sameModel = cModel !== null && cModel === wModel;
        const strength = round(
          Math.min(1, bits / 24) * (sameModel ? 1 : 0.9) * (w.it.category === 'weapon' ? 1 : 0.9),
        );
        out.push({
          id: '',
          kind: 'component_serial',
          seizures: [c.it.seizure_id, w.it.seizure_id],
          items: [c.it.item_id, ...(parent ? [parent.item_id] : []), w.it.item_id],
          evidence: {
            serial: compact,
            serial_bits: round(bits, 1),
            model_family: cFamily,
            same_model: sameModel,
            component: {
              item_id: c.it.item_id,
              seizure_id: c.it.seizure_id,
              type: c.it.type,
              model: cModel,
              serial_number: c.it.serial_number,
              found_in: parent
                ? {
                    item_id: parent.item_id,
                    model: n.canonical('model', parent.model),
                    serial_number: parent.serial_number,
                  }
                : c.it.parent_item_id
                  ? { item_id: c.it.parent_item_id, model: null, serial_number: null }
                  : null,
            },
            matches: {
              item_id: w.it.item_id,
              seizure_id: w.it.seizure_id,
              category: w.it.category,
              type: w.it.type,
              model: wModel,
              manufacturer: n.canonical('manufacturer', w.it.manufacturer),
              country_of_manufacture: n.canonical('country', w.it.country_of_manufacture),
              serial_number: w.it.serial_number,
            },
            reading: `a ${c.it.type ?? 'component'} found in ${parent ? `${n.canonical('model', parent.model) ?? 'a weapon'} ${parent.item_id}` : 'a weapon'} of seizure ${c.it.seizure_id} carries the serial of ${wModel ?? 'a'} ${w.it.category} ${w.it.item_id} documented in seizure ${w.it.seizure_id}`,
          },
          strength,
        });
      }
    }
  }
  return out;
}

interface RunMember {
  item_id: string;
  seizure_id: string;
  serial_number: string;
  number: number;
  manufacturer: string | null;
  country: string | null;
}

/**
 * Splits items into groups whose known attributes agree; an unknown attribute agrees with
 * anything. Items with the most known attributes seed the groups (greedy, order-stable).
 */
function compatibleParts<T>(members: T[], attrs: ((m: T) => string | number | null)[]): T[][] {
  const parts: { values: (string | number | null)[]; members: T[] }[] = [];
  const known = (m: T) => attrs.reduce((k, a) => k + Number(a(m) !== null), 0);
  for (const m of [...members].sort((a, b) => known(b) - known(a))) {
    const values = attrs.map((a) => a(m));
    const fit = parts.find((p) =>
      p.values.every((v, i) => v === null || values[i] === null || v === values[i]),
    );
    if (fit) {
      fit.values = fit.values.map((v, i) => v ?? values[i]!);
      fit.members.push(m);
    } else parts.push({ values, members: [m] });
  }
  return parts.map((p) => p.members);
}

function serialRunLinks(prepared: Prepared[], n: Normaliser, maxGap: number): Link[] {
  const groups = new Map<
    string,
    { model: string; prefix: string; suffix: string; members: RunMember[] }
  >();
  for (const p of prepared) {
    if (
      p.it.category !== 'weapon' ||
      !p.serial ||
      p.serial.digits.length < 3 ||
      !Number.isFinite(p.serial.number)
    )
      continue;
    const model = n.canonical('model', p.it.model);
    if (model === null) continue;
    const key = `${n.key('model', model)}\u0000${p.serial.prefix}\u0000${p.serial.suffix}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = { model, prefix: p.serial.prefix, suffix: p.serial.suffix, members: [] }),
      );
    g.members.push({
      item_id: p.it.item_id,
      seizure_id: p.it.seizure_id,
      serial_number: p.it.serial_number!,
      number: p.serial.number,
      manufacturer: n.canonical('manufacturer', p.it.manufacturer),
      country: n.canonical('country', p.it.country_of_manufacture),
    });
  }
  const out: Link[] = [];
  for (const g of groups.values()) {
    if (g.members.length < 2) continue;
    const seizureSet = new Set(g.members.map((m) => m.seizure_id));
    if (seizureSet.size < 2) continue;
    // Items of different known makers (or countries of manufacture) never share a batch.
    const partitions = compatibleParts(g.members, [(m) => m.manufacturer, (m) => m.country]);
    for (const part of partitions) {
      part.sort((a, b) => a.number - b.number || a.seizure_id.localeCompare(b.seizure_id));
      let start = 0;
      for (let i = 1; i <= part.length; i++) {
        if (i < part.length && part[i]!.number - part[i - 1]!.number <= maxGap) continue;
        const run = part.slice(start, i);
        start = i;
        if (run.length < 2) continue;
        const seizures = [...new Set(run.map((m) => m.seizure_id))].sort();
        if (seizures.length < 2) continue;
        out.push(runLink(g, run, seizures));
      }
    }
  }
  return out;
}

function runLink(
  g: { model: string; prefix: string; suffix: string },
  run: RunMember[],
  seizures: string[],
): Link {
  const first = run[0]!.number;
  const last = run[run.length - 1]!.number;
  let maxGapSeen = 0;
  let crossGap = Infinity;
  for (let i = 1; i < run.length; i++) {
    const gap = run[i]!.number - run[i - 1]!.number;
    maxGapSeen = Math.max(maxGapSeen, gap);
    if (run[i]!.seizure_id !== run[i - 1]!.seizure_id) crossGap = Math.min(crossGap, gap);
  }
  const span = last - first;
  // Dense runs (every number taken) are the strongest sign of one batch.
  const density = span === 0 ? 1 : (run.length - 1) / span;
  const perSeizure: Record<string, string[]> = {};
  for (const m of run) (perSeizure[m.seizure_id] ??= []).push(m.serial_number);
  const makers = [...new Set(run.map((m) => m.manufacturer).filter(Boolean))];
  const countries = [...new Set(run.map((m) => m.country).filter(Boolean))];
  return {
    id: '',
    kind: 'serial_run',
    seizures,
    items: run.map((m) => m.item_id),
    evidence: {
      model: g.model,
      manufacturer: makers[0] ?? null,
      country_of_manufacture: countries[0] ?? null,
      prefix: g.prefix,
      suffix: g.suffix,
      first,
      last,
      span,
      count: run.length,
      max_gap: maxGapSeen,
      /** The closest pair of serials in different seizures. */
      min_cross_seizure_gap: crossGap === Infinity ? null : crossGap,
      serials_by_seizure: perSeizure,
      reading: `${run.length} ${g.model} serials from ${first} to ${last} (largest gap ${maxGapSeen}) spread over ${seizures.length} seizures`,
    },
    strength: round(0.5 + 0.5 * Math.min(1, density)),
  };
}

/** "headstamp: 71 88" or "headstamp 539/84" in the notes of an ammunition row. */
function headstampOf(notes: string | null): string | null {
  if (!notes) return null;
  const m = /head\s*stamps?\s*[:=]?\s*["“]?([^;,"”]+)/i.exec(notes);
  return m ? tidy(m[1]!) : null;
}

function lotLinks(items: SeizureItem[], n: Normaliser): Link[] {
  interface LotMember {
    it: SeizureItem;
    maker: string | null;
    year: number | null;
    headstamp: string | null;
  }
  const keyOf = (it: SeizureItem): [string, string] | null => {
    if (it.category !== 'ammunition' || !it.lot) return null;
    const lot = it.lot.toUpperCase().replace(/[^A-Z0-9]/g, '');
    return lot ? [lot, `${lot}\u0000${n.key('calibre', it.calibre) ?? ''}`] : null;
  };
  // First pass: which lot keys occur in more than one seizure (few do).
  const firstSeizure = new Map<string, string>();
  const shared = new Set<string>();
  for (const it of items) {
    const k = keyOf(it);
    if (!k) continue;
    const s = firstSeizure.get(k[1]);
    if (s === undefined) firstSeizure.set(k[1], it.seizure_id);
    else if (s !== it.seizure_id) shared.add(k[1]);
  }
  const groups = new Map<string, { lot: string; calibre: string | null; members: LotMember[] }>();
  for (const it of items) {
    const k = shared.size ? keyOf(it) : null;
    if (!k || !shared.has(k[1])) continue;
    const [lot, key] = k;
    const calibre = n.canonical('calibre', it.calibre);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { lot, calibre, members: [] }));
    g.members.push({
      it,
      maker:
        n.canonical('manufacturer', it.manufacturer) ??
        n.canonical('country', it.country_of_manufacture),
      year: it.year_of_manufacture,
      headstamp: headstampOf(it.notes),
    });
  }
  const out: Link[] = [];
  for (const g of groups.values()) {
    if (new Set(g.members.map((m) => m.it.seizure_id)).size < 2) continue;
    // Members whose known maker, year or headstamp disagree are not one lot.
    const parts = compatibleParts(g.members, [
      (m) => m.maker,
      (m) => m.year,
      (m) => (m.headstamp === null ? null : m.headstamp.replace(/\W/g, '')),
    ]).map((members) => ({
      members,
      maker: members.find((m) => m.maker !== null)?.maker ?? null,
      year: members.find((m) => m.year !== null)?.year ?? null,
      headstamp: members.find((m) => m.headstamp !== null)?.headstamp ?? null,
    }));
    for (const p of parts) {
      const seizures = [...new Set(p.members.map((m) => m.it.seizure_id))].sort();
      if (seizures.length < 2) continue;
      const rounds: Record<string, number> = {};
      for (const m of p.members)
        rounds[m.it.seizure_id] = (rounds[m.it.seizure_id] ?? 0) + (m.it.quantity ?? 1);
      // A lot number alone is weak (lots restart every year at every factory); each
      // attribute that agrees, and a longer lot number, makes the tie stronger.
      const agreeing =
        Number(g.calibre !== null) +
        Number(p.maker !== null) +
        Number(p.year !== null) +
        Number(p.headstamp !== null);
      const strength = round(
        Math.min(0.9, 0.3 + 0.1 * agreeing + (serialBits(g.lot) >= 13 ? 0.2 : 0.1)),
      );
      out.push({
        id: '',
        kind: 'ammunition_lot',
        seizures,
        items: p.members.map((m) => m.it.item_id),
        evidence: {
          lot: g.lot,
          calibre: g.calibre,
          manufacturer: p.maker,
          year_of_manufacture: p.year,
          headstamp: p.headstamp,
          rounds_by_seizure: rounds,
          reading: `lot ${g.lot}${g.calibre ? ` of ${g.calibre}` : ''}${p.maker ? ` by ${p.maker}` : ''}${p.year ? ` (${p.year})` : ''} found in ${seizures.length} seizures`,
        },
        strength,
      });
    }
  }
  return out;
}

/**
 * Connected components of seizures over links at or above `minStrength` (union–find), so
 * that "were these caches supplied from one source?" is answered by cluster membership;
 * the pair weights (1 − Π(1 − strength)) say how much evidence ties each pair.
 */
export function clusterSeizures(
  seizureIds: string[],
  links: Link[],
  minStrength: number,
): { clusters: Cluster[]; isolated: string[] } {
  const parent = new Map<string, string>(seizureIds.map((s) => [s, s]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) ?? r;
    let c = x;
    while (c !== r) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const pairs = new Map<
    string,
    { seizures: [string, string]; miss: number; kinds: Set<LinkKind> }
  >();
  for (const l of links) {
    if (l.strength < minStrength) continue;
    for (const s of l.seizures) if (!parent.has(s)) parent.set(s, s);
    for (let i = 0; i < l.seizures.length; i++) {
      for (let j = i + 1; j < l.seizures.length; j++) {
        const [a, b] = [l.seizures[i]!, l.seizures[j]!].sort() as [string, string];
        const ra = find(a);
        const rb = find(b);
        if (ra !== rb) parent.set(ra, rb);
        const k = `${a}\u0000${b}`;
        let p = pairs.get(k);
        if (!p) pairs.set(k, (p = { seizures: [a, b], miss: 1, kinds: new Set() }));
        p.miss *= 1 - l.strength;
        p.kinds.add(l.kind);
      }
    }
  }
  const members = new Map<string, string[]>();
  for (const s of parent.keys()) {
    const r = find(s);
    const list = members.get(r);
    if (list) list.push(s);
    else members.set(r, [s]);
  }
  const linksByRoot = new Map<string, Link[]>();
  for (const l of links) {
    if (l.strength < minStrength) continue;
    const r = find(l.seizures[0]!);
    const list = linksByRoot.get(r);
    if (list) list.push(l);
    else linksByRoot.set(r, [l]);
  }
  const pairsByRoot = new Map<
    string,
    { seizures: [string, string]; miss: number; kinds: Set<LinkKind> }[]
  >();
  for (const p of pairs.values()) {
    const r = find(p.seizures[0]);
    const list = pairsByRoot.get(r);
    if (list) list.push(p);
    else pairsByRoot.set(r, [p]);
  }
  const clusters: Cluster[] = [];
  const isolated: string[] = [];
  for (const [root, list] of members) {
    list.sort();
    if (list.length < 2) {
      isolated.push(list[0]!);
      continue;
    }
    const inside = linksByRoot.get(root) ?? [];
    const kinds: Partial<Record<LinkKind, number>> = {};
    for (const l of inside) kinds[l.kind] = (kinds[l.kind] ?? 0) + 1;
    clusters.push({
      cluster_id: '',
      seizures: list,
      links: inside.length,
      kinds,
      weight: round(inside.reduce((s, l) => s + l.strength, 0)),
      pairs: (pairsByRoot.get(root) ?? [])
        .map((p) => ({
          seizures: p.seizures,
          weight: round(1 - p.miss),
          kinds: [...p.kinds].sort(),
        }))
        .sort((a, b) => b.weight - a.weight || a.seizures.join().localeCompare(b.seizures.join())),
    });
  }
  clusters.sort(
    (a, b) =>
      b.seizures.length - a.seizures.length ||
      b.weight - a.weight ||
      a.seizures[0]!.localeCompare(b.seizures[0]!),
  );
  clusters.forEach((c, i) => (c.cluster_id = `C${i + 1}`));
  return { clusters, isolated: isolated.sort() };
}

/** "Were these seizures supplied from one source?": one cluster holding them all, and the links among them. */
export function suppliedTogether(report: LinkReport, seizureIds: string[]) {
  const wanted = new Set(seizureIds);
  const cluster =
    report.clusters.find((c) => seizureIds.every((s) => c.seizures.includes(s))) ?? null;
  const among = report.links.filter((l) => l.seizures.filter((s) => wanted.has(s)).length >= 2);
  return {
    seizures: seizureIds,
    together: cluster !== null,
    cluster_id: cluster?.cluster_id ?? null,
    cluster_seizures: cluster?.seizures ?? null,
    links: among,
  };
}
