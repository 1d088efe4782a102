import { z } from 'zod';

/**
 * The records of tracing (`chokepoint trace … --json`, `GET …/trace/:itemId`,
 * `chokepoint arms nearby`): candidate orders for a recovered item, each with its evidence
 * and the chain of parties it implies, and the incidents around a seizure.
 */

export const EVIDENCE_CODES = [
  'MANUFACTURER_MATCH',
  'MANUFACTURER_DIFFERS',
  'MANUFACTURER_UNKNOWN',
  'PART_NUMBER_MATCH',
  'MODEL_MATCH',
  'LOT_MATCH',
  'LOT_DIFFERS',
  'SERIAL_IN_RANGE',
  'SERIAL_OUT_OF_RANGE',
  'SERIAL_UNCHECKED',
  'ORDER_BEFORE_SEIZURE',
  'ORDER_AFTER_SEIZURE',
  'ORDER_UNDATED',
  'ROUTE_NEAR_SEIZURE',
  'ROUTE_FAR_FROM_SEIZURE',
  'PARTY_LINKED_TO_GROUP',
  'PARTY_NOT_LINKED_TO_GROUP',
] as const;
export type EvidenceCode = (typeof EVIDENCE_CODES)[number];

export const TraceEvidenceSchema = z
  .object({
    code: z.enum(EVIDENCE_CODES),
    detail: z.string(),
    /** `for` and `against` move the score; `neutral` states what could not be checked. */
    for_or_against: z.enum(['for', 'against', 'neutral']),
    /** What it adds to the candidate's points (log-odds-like; README lists each). */
    weight: z.number(),
  })
  .meta({ id: 'TraceEvidence' });
export type TraceEvidence = z.output<typeof TraceEvidenceSchema>;

export const CHAIN_ROLES = [
  'manufacturer',
  'exporter',
  'distributor',
  'buyer',
  'consignee',
  'carrier',
  'crossing',
  'intermediary',
  'group',
  'seizure',
] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

/** One party (or place) of the chain an order implies, from maker to seizure. */
export const ChainLinkSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    schema: z.string(),
    role: z.enum(CHAIN_ROLES),
    /** The order or relation that puts it there (order id, relation ids), when one does. */
    via: z.array(z.string()).optional(),
  })
  .meta({ id: 'TraceChainLink' });
export type ChainLink = z.output<typeof ChainLinkSchema>;

export const TraceFlagsSchema = z
  .object({
    likelihood: z.number(),
    codes: z.array(z.string()),
    /** `stored`: the order's latest saved score; `scored`: scored for this answer. */
    source: z.enum(['stored', 'scored']),
    rules_version: z.string().nullable(),
  })
  .meta({ id: 'TraceFlags' });
export type TraceFlags = z.output<typeof TraceFlagsSchema>;

export const TraceCandidateSchema = z
  .object({
    order_id: z.string(),
    /** 0–1: the logistic of `points`. */
    score: z.number(),
    /** Sum of the evidence weights: the ranking key. */
    points: z.number(),
    /** Some evidence rules the order out (a serial outside its run, a later order, another maker). */
    excluded: z.boolean(),
    order_date: z.string().nullable(),
    seller: z.string().nullable(),
    buyer: z.string().nullable(),
    manufacturer: z.string().nullable(),
    part_number: z.string().nullable(),
    model: z.string().nullable(),
    lot: z.string().nullable(),
    serial_first: z.string().nullable(),
    serial_last: z.string().nullable(),
    evidence: z.array(TraceEvidenceSchema),
    chain: z.array(ChainLinkSchema),
    /** The order's red flags, when it has been or could be scored. */
    flags: TraceFlagsSchema.nullable(),
  })
  .meta({ id: 'TraceCandidate' });
export type TraceCandidate = z.output<typeof TraceCandidateSchema>;

export const TraceItemRefSchema = z.object({
  item_id: z.string(),
  seizure_id: z.string(),
  seizure_date: z.string().nullable(),
  seizure_place: z.string().nullable(),
  category: z.string(),
  type: z.string().nullable(),
  model: z.string().nullable(),
  manufacturer: z.string().nullable(),
  serial_number: z.string().nullable(),
  lot: z.string().nullable(),
});

export const NearbyIncidentSchema = z
  .object({
    id: z.string(),
    date: z.string().nullable(),
    place: z.string().nullable(),
    country_code: z.string().nullable(),
    attack_type: z.string().nullable(),
    perpetrator: z.string().nullable(),
    killed: z.number().nullable(),
    wounded: z.number().nullable(),
    distance_km: z.number(),
    /** Seizure date minus incident date: positive before the seizure. */
    days_before: z.number().int(),
  })
  .meta({ id: 'NearbyIncident' });
export type NearbyIncident = z.output<typeof NearbyIncidentSchema>;

export const NearbyReportSchema = z
  .object({
    seizure_id: z.string(),
    seizure_date: z.string().nullable(),
    place: z.string().nullable(),
    point: z.object({ lat: z.number(), lon: z.number(), name: z.string() }).nullable(),
    km: z.number(),
    days_before: z.number().int(),
    days_after: z.number().int(),
    incidents: z.array(NearbyIncidentSchema),
    notes: z.array(z.string()),
  })
  .meta({ id: 'NearbyReport' });
export type NearbyReport = z.output<typeof NearbyReportSchema>;

/** `chokepoint trace <item-id> --json`: candidates best first. */
export const TraceResultSchema = z
  .object({
    item_id: z.string(),
    item: TraceItemRefSchema,
    candidates: z.array(TraceCandidateSchema),
    /** Orders sharing the item's part number or model, before the cut to `limit`. */
    considered: z.number().int(),
    /** Incidents around the seizure, in the stated window (see `nearby`). */
    nearby: NearbyReportSchema.nullable(),
    notes: z.array(z.string()),
  })
  .meta({ id: 'TraceResult' });
export type TraceResult = z.output<typeof TraceResultSchema>;
