import { z } from 'zod';
import {
  optionalDate,
  optionalInt,
  optionalNumber,
  optionalText,
  recordSchema,
} from '../core/schema.ts';

/** Finer than ACLED's sub-event types: how the attack was carried out. */
export const ATTACK_TYPES = [
  'ied',
  'armed_assault',
  'targeted_killing',
  'sniper',
  'suicide_bombing',
  'vehicle_bomb',
  'rocket_mortar',
  'ambush',
  'kidnapping',
  'arson_sabotage',
  'arrest_raid',
  'airstrike',
  'other',
] as const;
export type AttackType = (typeof ATTACK_TYPES)[number];

export const DATE_PRECISIONS = ['day', 'week', 'month', 'year', 'unknown'] as const;
export const ATTRIBUTIONS = ['claimed', 'suspected', 'unknown'] as const;
export const OFFSET_DIRS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;

/** ACLED's current event types and their sub-event types. */
export const ACLED_EVENT_TYPES = {
  Battles: ['Armed clash', 'Government regains territory', 'Non-state actor overtakes territory'],
  'Explosions/Remote violence': [
    'Chemical weapon',
    'Air/drone strike',
    'Suicide bomb',
    'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED',
    'Grenade',
  ],
  'Violence against civilians': ['Sexual violence', 'Attack', 'Abduction/forced disappearance'],
  Protests: ['Peaceful protest', 'Protest with intervention', 'Excessive force against protesters'],
  Riots: ['Violent demonstration', 'Mob violence'],
  'Strategic developments': [
    'Agreement',
    'Arrests',
    'Change to group/activity',
    'Disrupted weapons use',
    'Headquarters or base established',
    'Looting/property destruction',
    'Non-violent transfer of territory',
    'Other',
  ],
} as const;

const SourceRefSchema = z.object({
  name: z.string().min(1),
  date: optionalDate,
});

const count = optionalInt.pipe(z.number().int().min(0).nullable());

/** The Incident record of DESIGN.md: extract output, `incidents` import/export, API. */
const IncidentContractSchema = z.object({
  id: z.string().min(1),
  text: optionalText,
  date: optionalDate,
  date_precision: z.enum(DATE_PRECISIONS).default('unknown'),
  country: optionalText,
  country_code: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() ? v.trim().toUpperCase() : null),
    z
      .string()
      .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code')
      .nullable(),
  ),
  admin1: optionalText,
  admin2: optionalText,
  place: optionalText,
  anchor_place: optionalText,
  offset_km: optionalNumber.pipe(z.number().min(0).nullable()),
  offset_dir: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(OFFSET_DIRS).nullable(),
  ),
  lat: optionalNumber.pipe(z.number().min(-90).max(90).nullable()),
  lon: optionalNumber.pipe(z.number().min(-180).max(180).nullable()),
  geo_precision: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? null : Number(v)),
    z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  ),
  event_type: optionalText,
  sub_event_type: optionalText,
  attack_type: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(ATTACK_TYPES).nullable(),
  ),
  perpetrator: optionalText,
  target: optionalText,
  killed: count,
  wounded: count,
  casualties_total: count,
  attribution: z.preprocess(
    (v) => (v === '' || v === undefined || v === null ? 'unknown' : v),
    z.enum(ATTRIBUTIONS),
  ),
  sources: z.array(SourceRefSchema).default([]),
  confidence: optionalNumber.pipe(z.number().min(0).max(1).nullable()),
});

/** Where an extracted field came from: its span of the text given to `extract` and how sure it is. */
export const FieldSpanSchema = z.object({
  field: z.string(),
  /** Character offsets [start, end) in the extracted text. */
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
  confidence: z.number().min(0).max(1),
});
export type FieldSpan = z.output<typeof FieldSpanSchema>;

/**
 * The Incident record: the contract fields (CSV, JSON lines, the store's columns) and the
 * extraction's optional extras: the perpetrator's canonical actor (src/incidents/actors.ts),
 * the span of text each field came from with its confidence, and notes (a claimed toll set aside for the official one, …).
 */
export const IncidentSchema = IncidentContractSchema.extend({
  actor: optionalText.optional(),
  spans: z.array(FieldSpanSchema).optional(),
  notes: optionalText.optional(),
});
export type Incident = z.output<typeof IncidentSchema>;
export type IncidentInput = z.input<typeof IncidentSchema>;

/** Field order of the Incident record's contract, for CSV, the store and stable JSON output. */
export const INCIDENT_FIELDS = Object.keys(IncidentContractSchema.shape) as (keyof Incident)[];
/** The contract fields and then the extraction's extras, as `extract` prints them. */
export const EXTRACT_FIELDS = Object.keys(IncidentSchema.shape) as (keyof Incident)[];

/** An incident as stored and answered (what IncidentSchema reads a row into). */
export const IncidentRecord = recordSchema(IncidentSchema).meta({ id: 'Incident' });

const Totals = z.object({
  attacks: z.number().int(),
  killed: z.number(),
  wounded: z.number(),
  casualties: z.number(),
  casualties_per_attack: z.number().nullable(),
});
const Bucket = z.object({
  key: z.string(),
  attacks: z.number().int(),
  killed: z.number(),
  wounded: z.number(),
  casualties: z.number(),
});

/** The roll-up of a period (`summary --json`): see summary.ts for the counting rules. */
export const SummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    totals: Totals,
    previous: Totals.nullable(),
    by_country: z.array(Bucket),
    by_admin1: z.array(Bucket.extend({ country: z.string().nullable() })),
    by_attack_type: z.array(Bucket),
    by_week: z.array(Bucket),
    /** By ACLED event type: the attack figures, and `events`, every incident of the type (protests, agreements and arrests too). */
    by_event_type: z.array(Bucket.extend({ events: z.number().int() })),
    /** By actor (the perpetrator's, through the actor table): `key` is its id ("unknown" for none), `name` its name. */
    by_actor: z.array(Bucket.extend({ name: z.string().nullable(), events: z.number().int() })),
  })
  .meta({ id: 'Summary' });
export type Summary = z.output<typeof SummarySchema>;
export type Totals = Summary['totals'];
export type Bucket = Summary['by_week'][number];
export type EventTypeBucket = Summary['by_event_type'][number];
export type ActorBucket = Summary['by_actor'][number];

export const PairEvidenceSchema = z.object({
  id: z.string(),
  days_apart: z.number(),
  km_apart: z.number(),
  sources: z.array(z.string()),
});
export type PairEvidence = z.output<typeof PairEvidenceSchema>;

/** A proposed merge of incidents several sources reported (dedupe.ts). */
export const MergeProposalSchema = z
  .object({
    merge_id: z.string(),
    kept_id: z.string(),
    merged_ids: z.array(z.string()),
    attack_type: z.string(),
    /** Sources of the kept incident after the merge: every source of the group, once. */
    sources: IncidentRecord.shape.sources,
    /** One sentence a reader can check, and the figures behind it. */
    explanation: z.string(),
    pairs: z.array(PairEvidenceSchema),
  })
  .meta({ id: 'MergeProposal' });
export type MergeProposal = z.output<typeof MergeProposalSchema>;
