import type { SeizureItem } from '../arms/schema.ts';
import { explainFlags } from '../flags/explain.ts';
import type { Block, Inline, ReportDoc } from './doc.ts';
import { SourceAnnex, type GradedSource } from './sources.ts';
import { dateText } from './wording.ts';

/**
 * Dossiers on an entity, a seizure or an order: every statement cites the sources that
 * support the record it comes from, with their Admiralty grades, or says "unsourced". A
 * section whose analysis was not available says so (a gap), rather than staying silent.
 */

// ---------------------------------------------------------------------------- inputs

/** A FollowTheMoney entity (src/network/ftm.ts) as the dossier reads it. */
export interface EntityLike {
  id: string;
  schema: string;
  properties: Record<string, unknown[]>;
  caption?: string;
}

export interface RelationFact {
  id: string;
  schema: string;
  source_id: string;
  target_id: string;
  start_date: string | null;
  end_date: string | null;
  /** The relation's own FtM properties (relationship, role, percentage, amount…). */
  properties: Record<string, unknown[]>;
  evidence: GradedSource[];
}

/** An order as stored (the `orders` CSV row and the entity ids of its parties). */
export interface OrderLike {
  order_id: string;
  order_date: string | null;
  seller: string;
  buyer: string;
  buyer_business?: string | null;
  buyer_city?: string | null;
  buyer_country?: string | null;
  goods: string | null;
  hs_code?: string | null;
  quantity: number | null;
  unit: string | null;
  value: number | null;
  currency: string | null;
  payer: string | null;
  payment_method: string | null;
  consignee: string | null;
  ship_to_city?: string | null;
  ship_to_country?: string | null;
  route: string | null;
  seller_entity_id?: string | null;
  buyer_entity_id?: string | null;
  payer_entity_id?: string | null;
  consignee_entity_id?: string | null;
}

export interface FlagLike {
  code: string;
  weight: number;
  evidence: unknown;
}

export interface ScoreLike {
  likelihood: number;
  rules_version: string;
  scored_at: string;
  flags: FlagLike[];
}

export interface ReviewLike {
  status: string;
  decided_by: string | null;
  reason: string | null;
  decided_at: string;
}

export interface OrderFact {
  order: OrderLike;
  /** The entity's roles in the order: seller, buyer, payer, consignee. */
  roles: string[];
  evidence: GradedSource[];
  /** The latest score, or null when the order was never scored. */
  score: ScoreLike | null;
  reviews: ReviewLike[];
}

export interface SanctionsHit {
  list: string;
  entity_id: string;
  name: string;
  score: number;
}

export interface NetworkRole {
  /** 1 = the strongest junction of the network; null when the entity is not a junction. */
  junction_rank: number | null;
  /** Normalised betweenness on the supply graph. */
  junction_score: number | null;
  /** Distinct commodity chains passing through the entity. */
  chains?: number;
  /** How many junctions were ranked. */
  junctions: number | null;
  /** Whether the entity is in the minimum cut between suppliers and end users. */
  in_cut: boolean | null;
  cut?: { id: string; name: string }[];
  /** The business group (family, companies under one control) the entity belongs to. */
  group?: {
    id: string;
    name: string;
    rank: number;
    of: number;
    chains: number;
    /** Whether the group, taken whole, is in the minimum cut. */
    in_cut: boolean | null;
  };
  /** Commodities whose supply chains pass through the entity. */
  commodities?: string[];
  /** How the role was computed (method, selectors). */
  method?: string;
}

export interface EntityDossierInput {
  entity: EntityLike;
  evidence: GradedSource[];
  /** Captions of the other entities named (relation ends, parties). */
  names: Record<string, string>;
  relations: RelationFact[];
  orders: OrderFact[];
  /** null: not screened (no list loaded or the screening module is absent). */
  sanctions: SanctionsHit[] | null;
  /** null: no network analysis available. */
  network: NetworkRole | null;
  /** Sections the caller could not fill, with the reason. */
  gaps?: string[];
  generated?: string;
}

// ------------------------------------------------------------------------- helpers

const NAME_PROPS = ['name', 'alias', 'previousName', 'weakAlias', 'firstName', 'lastName'];
const IDENTIFIER_PROPS = [
  'registrationNumber',
  'taxNumber',
  'vatCode',
  'leiCode',
  'idNumber',
  'passportNumber',
  'innCode',
  'ogrnCode',
  'swiftBic',
  'imoNumber',
];
const DETAIL_PROPS = [
  'birthDate',
  'incorporationDate',
  'dissolutionDate',
  'nationality',
  'country',
  'jurisdiction',
  'address',
  'sector',
  'phone',
  'email',
  'website',
  'topics',
  'notes',
];

const PROP_LABEL: Record<string, string> = {
  name: 'Name',
  alias: 'Alias',
  previousName: 'Previous name',
  weakAlias: 'Weak alias',
  firstName: 'First name',
  lastName: 'Last name',
  registrationNumber: 'Registration number',
  taxNumber: 'Tax number',
  vatCode: 'VAT code',
  leiCode: 'LEI',
  idNumber: 'ID number',
  passportNumber: 'Passport number',
  innCode: 'INN',
  ogrnCode: 'OGRN',
  swiftBic: 'SWIFT/BIC',
  imoNumber: 'IMO number',
  birthDate: 'Born',
  incorporationDate: 'Incorporated',
  dissolutionDate: 'Dissolved',
  nationality: 'Nationality',
  country: 'Country',
  jurisdiction: 'Jurisdiction',
  address: 'Address',
  sector: 'Sector',
  phone: 'Phone',
  email: 'E-mail',
  website: 'Website',
  topics: 'Topics',
  notes: 'Notes',
};

function values(props: Record<string, unknown[]>, name: string): string[] {
  return (props[name] ?? []).filter((v) => v !== null && v !== undefined && v !== '').map(String);
}

export function captionOf(e: EntityLike): string {
  return e.caption ?? values(e.properties, 'name')[0] ?? e.id;
}

function nameOf(names: Record<string, string>, id: string | null | undefined): string {
  if (!id) return 'unknown';
  return names[id] ?? id;
}

function money(value: number | null, currency: string | null): string {
  if (value === null) return 'value not reported';
  return `${value.toLocaleString('en-GB')} ${currency ?? ''}`.trim();
}

function quantity(o: OrderLike): string {
  if (o.quantity === null) return 'quantity not reported';
  return `${o.quantity.toLocaleString('en-GB')}${o.unit ? ` ${o.unit}` : ''}`;
}

function percent(p: number): string {
  return `${Math.round(p * 100)} %`;
}

/** A seizure link's evidence in words: the sentence the arms domain writes, else its fields. */
function linkReading(e: unknown): string {
  const reading = (e as { reading?: unknown } | null)?.reading;
  return typeof reading === 'string' ? reading : evidenceText(e);
}

/** A flag's evidence as "key: value; …" text (it is untrusted: escaped by the renderer). */
export function evidenceText(e: unknown): string {
  if (e === null || e === undefined) return '';
  if (typeof e !== 'object') return String(e);
  if (Array.isArray(e)) return e.map(evidenceText).join(', ');
  return Object.entries(e as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(
      ([k, v]) =>
        `${k.replace(/_/g, ' ')}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join('; ');
}

const RELATION_DETAIL = [
  'relationship',
  'role',
  'percentage',
  'sharesCount',
  'amount',
  'currency',
  'purpose',
  'summary',
  'date',
];

function relationDetail(r: RelationFact): string {
  const bits: string[] = [];
  for (const p of RELATION_DETAIL) {
    const v = values(r.properties, p);
    if (v.length === 0) continue;
    bits.push(p === 'percentage' ? `${v[0]} %` : v.join(', '));
  }
  return bits.join('; ');
}

function period(start: string | null, end: string | null): string {
  if (!start && !end) return '';
  return `${start ?? '?'} – ${end ?? 'present'}`;
}

function scoreCell(score: ScoreLike | null): string {
  if (!score) return 'not scored';
  return `${percent(score.likelihood)} (${score.flags.length} ${score.flags.length === 1 ? 'flag' : 'flags'})`;
}

function latestReview(reviews: ReviewLike[]): string {
  const r = reviews.at(-1);
  return r ? r.status.replace(/_/g, ' ') : 'new';
}

function gapBlock(text: string): Block {
  return { kind: 'paragraph', tone: 'gap', parts: [text] };
}

function annexBlocks(annex: SourceAnnex): Block[] {
  const blocks: Block[] = [{ kind: 'heading', level: 1, text: 'Annex: sources', anchor: 'annex' }];
  if (annex.size === 0)
    blocks.push(gapBlock('No statement of this dossier has a recorded source.'));
  else blocks.push({ kind: 'annex', sources: annex.entries() });
  return blocks;
}

interface TimelineEvent {
  date: string;
  text: string;
  evidence: GradedSource[];
}

// ----------------------------------------------------------------- entity dossier

export function buildEntityDossier(input: EntityDossierInput): ReportDoc {
  const { entity, names } = input;
  const annex = new SourceAnnex();
  const blocks: Block[] = [];
  const caption = captionOf(entity);
  const cite = () => annex.cite(input.evidence);

  blocks.push({
    kind: 'paragraph',
    parts: [
      { text: `${entity.schema} `, strong: true },
      `· record ${entity.id}. Facts below come from the entity record unless stated; each carries its sources.`,
    ],
  });
  if (input.evidence.length === 0) {
    blocks.push(gapBlock('The entity record has no recorded source: its own facts are unsourced.'));
  }

  // Names and identifiers
  blocks.push({ kind: 'heading', level: 1, text: 'Names and identifiers', anchor: 'names' });
  const factRows: Inline[][][] = [];
  for (const p of [...NAME_PROPS, ...IDENTIFIER_PROPS, ...DETAIL_PROPS]) {
    for (const v of values(entity.properties, p)) {
      factRows.push([[PROP_LABEL[p] ?? p], [v], [cite()]]);
    }
  }
  blocks.push(
    factRows.length
      ? { kind: 'table', columns: ['Fact', 'Value', 'Sources'], rows: factRows }
      : gapBlock('The record holds no name or identifier beyond its id.'),
  );

  // Relations
  blocks.push({ kind: 'heading', level: 1, text: 'Relations', anchor: 'relations' });
  const structural = input.relations.filter((r) => r.schema !== 'Payment');
  if (structural.length === 0)
    blocks.push({ kind: 'paragraph', parts: ['No relation is recorded.'] });
  else
    blocks.push({
      kind: 'table',
      columns: ['Relation', 'Direction', 'Other party', 'Details', 'Period', 'Sources'],
      rows: structural.map((r) => {
        const outgoing = r.source_id === entity.id;
        const other = outgoing ? r.target_id : r.source_id;
        return [
          [r.schema],
          [outgoing ? 'to' : 'from'],
          [{ text: nameOf(names, other), strong: true }, ` (${other})`],
          [relationDetail(r)],
          [period(r.start_date, r.end_date)],
          [annex.cite(r.evidence)],
        ];
      }),
    });

  // Orders
  blocks.push({ kind: 'heading', level: 1, text: 'Orders', anchor: 'orders' });
  if (input.orders.length === 0)
    blocks.push({ kind: 'paragraph', parts: ['No order names this entity as a party.'] });
  else
    blocks.push({
      kind: 'table',
      columns: [
        'Order',
        'Date',
        'Role',
        'Goods',
        'Quantity',
        'Value',
        'Paid by',
        'Red-flag score',
        'Review',
        'Sources',
      ],
      rows: input.orders.map((o) => [
        [o.order.order_id],
        [o.order.order_date ?? 'undated'],
        [o.roles.join(', ')],
        [o.order.goods ?? 'goods not reported'],
        [quantity(o.order)],
        [money(o.order.value, o.order.currency)],
        [
          `${o.order.payer ?? 'payer not reported'}${o.order.payment_method ? ` (${o.order.payment_method.replace(/_/g, ' ')})` : ''}`,
        ],
        [scoreCell(o.score)],
        [latestReview(o.reviews)],
        [annex.cite(o.evidence)],
      ]),
    });

  // Payments
  blocks.push({ kind: 'heading', level: 1, text: 'Payments', anchor: 'payments' });
  const payments: Inline[][] = [];
  for (const r of input.relations.filter((x) => x.schema === 'Payment')) {
    const outgoing = r.source_id === entity.id;
    const other = nameOf(names, outgoing ? r.target_id : r.source_id);
    const detail = relationDetail(r);
    payments.push([
      `${outgoing ? 'Paid' : 'Received from'} ${other}${detail ? ` (${detail})` : ''}${r.start_date ? `, ${r.start_date}` : ''}.`,
      annex.cite(r.evidence),
    ]);
  }
  for (const o of input.orders) {
    const payer = o.order.payer_entity_id;
    const buyer = o.order.buyer_entity_id;
    if (o.roles.includes('payer') && payer !== buyer) {
      payments.push([
        `Paid ${money(o.order.value, o.order.currency)} for order ${o.order.order_id} bought by ${o.order.buyer}${o.order.payment_method ? `, by ${o.order.payment_method.replace(/_/g, ' ')}` : ''}.`,
        annex.cite(o.evidence),
      ]);
    } else if (o.roles.includes('buyer') && payer && payer !== buyer) {
      payments.push([
        `Order ${o.order.order_id} was paid by a third party, ${o.order.payer ?? nameOf(names, payer)}${o.order.payment_method ? `, by ${o.order.payment_method.replace(/_/g, ' ')}` : ''}.`,
        annex.cite(o.evidence),
      ]);
    }
  }
  blocks.push(
    payments.length
      ? { kind: 'list', items: payments }
      : { kind: 'paragraph', parts: ['No payment is recorded.'] },
  );

  // Flags
  blocks.push({ kind: 'heading', level: 1, text: 'Red flags', anchor: 'flags' });
  const scored = input.orders.filter((o) => o.score && o.score.flags.length > 0);
  if (input.orders.length > 0 && input.orders.every((o) => !o.score)) {
    blocks.push(gapBlock('None of the orders has been scored (run `chokepoint flags score`).'));
  } else if (scored.length === 0) {
    blocks.push({ kind: 'paragraph', parts: ['No order of this entity raised a red flag.'] });
  }
  for (const o of scored.sort((a, b) => b.score!.likelihood - a.score!.likelihood)) {
    blocks.push({
      kind: 'heading',
      level: 3,
      text: `Order ${o.order.order_id}: likelihood ${percent(o.score!.likelihood)} (rules ${o.score!.rules_version}), review: ${latestReview(o.reviews)}`,
    });
    blocks.push(flagsTable(o.score!, o.evidence, annex));
  }

  // Sanctions
  blocks.push({ kind: 'heading', level: 1, text: 'Sanctions screening', anchor: 'sanctions' });
  if (input.sanctions === null)
    blocks.push(
      gapBlock('Not screened: no sanctions list is loaded (`chokepoint import sanctions FILE`).'),
    );
  else if (input.sanctions.length === 0)
    blocks.push({ kind: 'paragraph', parts: ['Screened against the loaded lists: no hit.'] });
  else
    blocks.push({
      kind: 'table',
      columns: ['List', 'Listed entity', 'Name', 'Score'],
      numeric: [3],
      rows: input.sanctions.map((h) => [[h.list], [h.entity_id], [h.name], [h.score.toFixed(2)]]),
    });

  // Network
  blocks.push({ kind: 'heading', level: 1, text: 'Place in the network', anchor: 'network' });
  if (!input.network) blocks.push(gapBlock('No network analysis is available for this entity.'));
  else blocks.push(...networkBlocks(input.network, entity.id, caption, input.evidence, annex));

  // Timeline
  blocks.push({ kind: 'heading', level: 1, text: 'Timeline', anchor: 'timeline' });
  const events = entityTimeline(input);
  blocks.push(
    events.length
      ? {
          kind: 'table',
          columns: ['Date', 'Event', 'Sources'],
          rows: events.map((e) => [[dateText(e.date)], [e.text], [annex.cite(e.evidence)]]),
        }
      : { kind: 'paragraph', parts: ['No dated fact is recorded.'] },
  );

  for (const g of input.gaps ?? []) blocks.push(gapBlock(g));
  blocks.push(...annexBlocks(annex));
  return {
    title: `Dossier: ${caption}`,
    subtitle: `${entity.schema} ${entity.id}`,
    generated: input.generated ?? new Date().toISOString(),
    blocks,
  };
}

function networkBlocks(
  n: NetworkRole,
  id: string,
  caption: string,
  evidence: GradedSource[],
  annex: SourceAnnex,
): Block[] {
  const items: Inline[][] = [];
  items.push([
    n.junction_rank === null
      ? `${caption} is not among the junction points of the network.`
      : `Junction rank ${n.junction_rank}${n.junctions ? ` of ${n.junctions}` : ''}${n.chains !== undefined ? `, on ${n.chains} commodity ${n.chains === 1 ? 'chain' : 'chains'}` : ''}${n.junction_score !== null ? ` (betweenness ${n.junction_score.toFixed(3)})` : ''}: ${caption} sits where supply chains meet.`,
    annex.cite(evidence),
  ]);
  if (n.group)
    items.push([
      `Member of ${n.group.name}: junction rank ${n.group.rank} of ${n.group.of} with the group taken whole, on ${n.group.chains} commodity ${n.group.chains === 1 ? 'chain' : 'chains'}${n.group.in_cut ? '; the group is a minimum cut on its own' : ''}.`,
      annex.cite(evidence),
    ]);
  if (n.commodities && n.commodities.length)
    items.push([`Supply chains through it: ${n.commodities.join(', ')}.`, annex.cite(evidence)]);
  if (n.in_cut !== null) {
    const names = n.cut?.map((c) => c.name).join(', ');
    const self = n.cut?.some((c) => c.id === id) ?? false;
    items.push([
      self
        ? `In the minimum cut between suppliers and end users (cut of ${n.cut!.length}: ${names}).`
        : n.in_cut
          ? `Not itself in the minimum cut of single parties${names ? ` (${names})` : ''}, but its business group, taken whole, is the cut.`
          : `Not in the minimum cut between suppliers and end users${names ? ` (the cut is ${names})` : ''}.`,
      annex.cite(evidence),
    ]);
  }
  const blocks: Block[] = [{ kind: 'list', items }];
  if (n.method) blocks.push({ kind: 'paragraph', tone: 'note', parts: [n.method] });
  return blocks;
}

function flagsTable(score: ScoreLike, evidence: GradedSource[], annex: SourceAnnex): Block {
  return {
    kind: 'table',
    columns: ['Flag', 'Weight', 'Evidence', 'Sources'],
    numeric: [1],
    // The flags in words, as the CLI, the API and the web app say them (src/flags/explain.ts).
    rows: explainFlags(score.flags).map((f) => [
      [`${f.name} (${f.code})`],
      [(f.weight >= 0 ? '+' : '') + f.weight.toFixed(2)],
      [f.explanation],
      [annex.cite(evidence)],
    ]),
  };
}

function entityTimeline(input: EntityDossierInput): TimelineEvent[] {
  const ev: TimelineEvent[] = [];
  const p = input.entity.properties;
  for (const [prop, what] of [
    ['birthDate', 'born'],
    ['incorporationDate', 'incorporated'],
    ['dissolutionDate', 'dissolved'],
  ] as const) {
    for (const d of values(p, prop))
      ev.push({ date: d, text: `${captionOf(input.entity)} ${what}`, evidence: input.evidence });
  }
  for (const r of input.relations) {
    const other = nameOf(input.names, r.source_id === input.entity.id ? r.target_id : r.source_id);
    if (r.start_date)
      ev.push({
        date: r.start_date,
        text: `${r.schema} with ${other} begins`,
        evidence: r.evidence,
      });
    if (r.end_date)
      ev.push({ date: r.end_date, text: `${r.schema} with ${other} ends`, evidence: r.evidence });
  }
  for (const o of input.orders) {
    if (o.order.order_date)
      ev.push({
        date: o.order.order_date,
        text: `Order ${o.order.order_id} (${o.roles.join(', ')}): ${o.order.goods ?? 'goods not reported'} from ${o.order.seller}`,
        evidence: o.evidence,
      });
    for (const r of o.reviews)
      ev.push({
        date: r.decided_at.slice(0, 10),
        text: `Order ${o.order.order_id} reviewed: ${r.status.replace(/_/g, ' ')}${r.reason ? ` (${r.reason})` : ''}`,
        evidence: [],
      });
  }
  return ev.sort((a, b) => a.date.localeCompare(b.date) || a.text.localeCompare(b.text));
}

// ---------------------------------------------------------------- seizure dossier

/** An item as the dossier lists it: the `seizures` record without its seizure columns. */
export type SeizureItemLike = Omit<
  SeizureItem,
  'seizure_id' | 'seizure_date' | 'seizure_place' | 'country' | 'seized_by'
>;

export interface CompositionGroupLike {
  label: string;
  count: number;
  share: number;
  baseline_share: number | null;
  lift: number | null;
  p_value: number | null;
}

export interface LinkLike {
  id: string;
  kind: string;
  seizures: string[];
  items: string[];
  evidence: Record<string, unknown>;
  strength: number;
}

export interface SeizureDossierInput {
  seizure: {
    id: string;
    seizure_date: string | null;
    place: string | null;
    country: string | null;
    seized_by: string | null;
  };
  items: SeizureItemLike[];
  evidence: GradedSource[];
  itemEvidence: Record<string, GradedSource[]>;
  /** The seizure's composition by model against the baseline; null when unavailable. */
  composition: {
    by: string;
    total: number;
    baseline_note: string | null;
    groups: CompositionGroupLike[];
  } | null;
  links: LinkLike[];
  gaps?: string[];
  generated?: string;
}

export function buildSeizureDossier(input: SeizureDossierInput): ReportDoc {
  const s = input.seizure;
  const annex = new SourceAnnex();
  const blocks: Block[] = [];
  const itemCite = (id: string) =>
    annex.cite([...(input.itemEvidence[id] ?? []), ...input.evidence]);

  blocks.push({ kind: 'heading', level: 1, text: 'The seizure', anchor: 'seizure' });
  blocks.push({
    kind: 'table',
    columns: ['Fact', 'Value', 'Sources'],
    rows: [
      ['Date', dateText(s.seizure_date)],
      ['Place', s.place ?? 'not reported'],
      ['Country', s.country ?? 'not reported'],
      ['Seized by', s.seized_by ?? 'not reported'],
      ['Items documented', String(input.items.reduce((a, i) => a + i.quantity, 0))],
    ].map(([k, v]) => [[k!], [v!], [annex.cite(input.evidence)]]),
  });

  blocks.push({
    kind: 'heading',
    level: 1,
    text: 'Composition against the baseline',
    anchor: 'composition',
  });
  if (!input.composition) blocks.push(gapBlock('The composition analysis is not available.'));
  else {
    const c = input.composition;
    blocks.push({
      kind: 'paragraph',
      tone: 'note',
      parts: [
        `Weapons by ${c.by}, ${c.total} in all. Lift is the share in the seizure over the share in the global baseline; p is the chance of so many or more if the seizure were drawn from the baseline.${c.baseline_note ? ` ${c.baseline_note}` : ''}`,
      ],
    });
    blocks.push({
      kind: 'table',
      columns: ['Group', 'Count', 'Share', 'Baseline share', 'Lift', 'p'],
      numeric: [1, 2, 3, 4, 5],
      rows: c.groups.map((g) => [
        [g.label],
        [String(g.count)],
        [percent(g.share)],
        [g.baseline_share === null ? 'n/a' : `${(g.baseline_share * 100).toFixed(2)} %`],
        [g.lift === null ? 'n/a' : `${g.lift.toFixed(1)}×`],
        [
          g.p_value === null
            ? 'n/a'
            : g.p_value < 0.001
              ? g.p_value.toExponential(1)
              : g.p_value.toFixed(3),
        ],
      ]),
    });
  }

  blocks.push({ kind: 'heading', level: 1, text: 'Links to other seizures', anchor: 'links' });
  if (input.links.length === 0)
    blocks.push({ kind: 'paragraph', parts: ['No link to another seizure was found.'] });
  else
    blocks.push({
      kind: 'table',
      columns: ['Link', 'Other seizures', 'Items', 'Evidence', 'Strength', 'Sources'],
      numeric: [4],
      rows: input.links.map((l) => [
        [l.kind.replace(/_/g, ' ')],
        [l.seizures.filter((x) => x !== s.id).join(', ')],
        [l.items.join(', ')],
        [linkReading(l.evidence)],
        [l.strength.toFixed(2)],
        [annex.cite(l.items.flatMap((i) => input.itemEvidence[i] ?? []).concat(input.evidence))],
      ]),
    });

  blocks.push({ kind: 'heading', level: 1, text: 'Items', anchor: 'items' });
  blocks.push({
    kind: 'table',
    columns: [
      'Item',
      'Category',
      'Type',
      'Model',
      'Maker',
      'Country',
      'Calibre',
      'Serial',
      'Year',
      'Lot',
      'Qty',
      'Sources',
    ],
    numeric: [10],
    rows: input.items.map((i) => [
      [i.item_id + (i.parent_item_id ? ` (in ${i.parent_item_id})` : '')],
      [i.category],
      [i.type ?? ''],
      [i.model ?? ''],
      [i.manufacturer ?? ''],
      [i.country_of_manufacture ?? ''],
      [i.calibre ?? ''],
      [i.serial_number ?? ''],
      [i.year_of_manufacture === null ? '' : String(i.year_of_manufacture)],
      [i.lot ?? ''],
      [String(i.quantity)],
      [itemCite(i.item_id)],
    ]),
  });

  for (const g of input.gaps ?? []) blocks.push(gapBlock(g));
  blocks.push(...annexBlocks(annex));
  return {
    title: `Dossier: seizure ${s.id}`,
    subtitle: [s.place, s.country, s.seizure_date ? dateText(s.seizure_date) : null]
      .filter(Boolean)
      .join(', '),
    generated: input.generated ?? new Date().toISOString(),
    blocks,
  };
}

// ------------------------------------------------------------------ order dossier

export interface OrderDossierInput {
  order: OrderLike;
  evidence: GradedSource[];
  parties: { role: string; id: string | null; name: string; evidence: GradedSource[] }[];
  /** Every score of the order, oldest first. */
  scores: ScoreLike[];
  reviews: ReviewLike[];
  gaps?: string[];
  generated?: string;
}

export function buildOrderDossier(input: OrderDossierInput): ReportDoc {
  const o = input.order;
  const annex = new SourceAnnex();
  const blocks: Block[] = [];
  const cite = () => annex.cite(input.evidence);

  blocks.push({ kind: 'heading', level: 1, text: 'The order', anchor: 'order' });
  const facts: [string, string][] = [
    ['Date', dateText(o.order_date)],
    ['Seller', o.seller],
    [
      'Buyer',
      `${o.buyer}${o.buyer_business ? ` (${o.buyer_business})` : ''}${o.buyer_city ? `, ${o.buyer_city}` : ''}`,
    ],
    ['Goods', `${o.goods ?? 'not reported'}${o.hs_code ? ` (HS ${o.hs_code})` : ''}`],
    ['Quantity', quantity(o)],
    ['Value', money(o.value, o.currency)],
    [
      'Paid by',
      `${o.payer ?? 'not reported'}${o.payment_method ? ` (${o.payment_method.replace(/_/g, ' ')})` : ''}`,
    ],
    ['Consignee', `${o.consignee ?? 'not reported'}${o.ship_to_city ? `, ${o.ship_to_city}` : ''}`],
    [
      'Route',
      o.route
        ? o.route
            .split('>')
            .map((p) => p.trim())
            .join(' → ')
        : 'not reported',
    ],
  ];
  blocks.push({
    kind: 'table',
    columns: ['Fact', 'Value', 'Sources'],
    rows: facts.map(([k, v]) => [[k], [v], [cite()]]),
  });
  if (input.evidence.length === 0)
    blocks.push(gapBlock('The order record has no recorded source: its facts are unsourced.'));

  blocks.push({ kind: 'heading', level: 1, text: 'Parties', anchor: 'parties' });
  blocks.push({
    kind: 'table',
    columns: ['Role', 'Party', 'Entity', 'Sources'],
    rows: input.parties.map((p) => [
      [p.role],
      [p.name],
      [p.id ?? 'not resolved'],
      [annex.cite(p.evidence)],
    ]),
  });

  blocks.push({ kind: 'heading', level: 1, text: 'Red flags', anchor: 'flags' });
  const latest = input.scores.at(-1);
  if (!latest)
    blocks.push(gapBlock('The order has not been scored (run `chokepoint flags score`).'));
  else {
    blocks.push({
      kind: 'paragraph',
      parts: [
        { text: `Likelihood of illicit procurement: ${percent(latest.likelihood)}`, strong: true },
        ` (rules ${latest.rules_version}, scored ${latest.scored_at.slice(0, 10)}). Each flag adds its weight in log-odds; its evidence is what the order record says.`,
      ],
    });
    blocks.push(
      latest.flags.length
        ? flagsTable(latest, input.evidence, annex)
        : { kind: 'paragraph', parts: ['No indicator fired.'] },
    );
    if (input.scores.length > 1) {
      blocks.push({ kind: 'heading', level: 2, text: 'Score history' });
      blocks.push({
        kind: 'table',
        columns: ['Scored', 'Rules', 'Likelihood', 'Flags'],
        numeric: [2],
        rows: input.scores.map((s) => [
          [s.scored_at.slice(0, 19).replace('T', ' ')],
          [s.rules_version],
          [percent(s.likelihood)],
          [s.flags.map((f) => f.code).join(', ')],
        ]),
      });
    }
  }

  blocks.push({ kind: 'heading', level: 1, text: 'Review history', anchor: 'reviews' });
  blocks.push(
    input.reviews.length
      ? {
          kind: 'table',
          columns: ['Decided', 'Status', 'By', 'Reason'],
          rows: input.reviews.map((r) => [
            [r.decided_at.slice(0, 19).replace('T', ' ')],
            [r.status.replace(/_/g, ' ')],
            [r.decided_by ?? 'unknown'],
            [r.reason ?? ''],
          ]),
        }
      : { kind: 'paragraph', parts: ['Not reviewed yet: status new.'] },
  );

  for (const g of input.gaps ?? []) blocks.push(gapBlock(g));
  blocks.push(...annexBlocks(annex));
  return {
    title: `Dossier: order ${o.order_id}`,
    subtitle: `${o.seller} → ${o.buyer}${o.order_date ? `, ${dateText(o.order_date)}` : ''}`,
    generated: input.generated ?? new Date().toISOString(),
    blocks,
  };
}
