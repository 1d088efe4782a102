import { z } from 'zod';
import { recordSchema } from '../core/schema.ts';
import { CommoditySchema } from './commodity.ts';
import { FtmEntitySchema } from './ftm.ts';
import { OrderSchema, PAYMENT_METHODS } from './orders.ts';

/**
 * The records of the network as stored and answered, each from its reader schema (orders
 * CSV, FollowTheMoney lines), and the reports built over them (`network … --json`).
 */

/** An entity: FollowTheMoney, kept with whatever else its file carried. */
export const FtmEntityRecord = recordSchema(FtmEntitySchema).meta({ id: 'FtmEntity' });

/** Entity ids of an order's parties, as resolved on import. */
export const OrderPartiesSchema = z.object({
  seller_entity_id: z.string().nullable(),
  buyer_entity_id: z.string().nullable(),
  payer_entity_id: z.string().nullable(),
  consignee_entity_id: z.string().nullable(),
});
export type OrderParties = z.output<typeof OrderPartiesSchema>;

/** An order as stored and answered: the orders row with its parties' entity ids. */
export const OrderRecord = recordSchema(OrderSchema)
  .extend(OrderPartiesSchema.shape)
  .meta({ id: 'Order' });
export type StoredOrder = z.output<typeof OrderRecord>;

/** A relation between two entities (an FtM interval entity: Ownership, Payment …). */
export const RelationRecord = z
  .object({
    id: z.string(),
    schema: z.string(),
    source_id: z.string(),
    target_id: z.string(),
    start_date: z.string().nullable(),
    end_date: z.string().nullable(),
  })
  .meta({ id: 'Relation' });
export type RelationRow = z.output<typeof RelationRecord>;

/** A node as reports name it. */
export const NodeRefSchema = z.object({ id: z.string(), name: z.string(), schema: z.string() });

const Mode = z.enum(['nodes', 'groups']);

export const JunctionRowSchema = z.object({
  rank: z.number().int(),
  id: z.string(),
  name: z.string(),
  schema: z.string(),
  kind: z.enum(['node', 'group']),
  /** For a group: its members. */
  members: z.array(NodeRefSchema),
  /** For a node: the business group it belongs to. */
  group: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Distinct commodity chains passing through. */
  chains: z.number().int(),
  commodities: z.array(z.string()),
  order_ids: z.array(z.string()),
  /** Mean, over all commodities of the network, of the share of that commodity's quantity handled. */
  volume_share: z.number(),
  /** Share of all order value handled (currencies summed as given). */
  value_share: z.number(),
  /** Normalised betweenness on the directed supply graph. */
  betweenness: z.number(),
  roles: z.array(z.string()),
});
export type JunctionRow = z.output<typeof JunctionRowSchema>;

/** Junction points: parties across the chains of several commodities. */
export const JunctionReportSchema = z
  .object({
    mode: Mode,
    commodities: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        orders: z.number().int(),
        volume: z.number(),
        units: z.array(z.string()),
      }),
    ),
    junctions: z.array(JunctionRowSchema),
    method: z.string(),
  })
  .meta({ id: 'JunctionReport' });
export type JunctionReport = z.output<typeof JunctionReportSchema>;

export const CutNodeSchema = NodeRefSchema.extend({ weight: z.number() });
export type CutNode = z.output<typeof CutNodeSchema>;

/**
 * The sources' supply of one commodity in one unit: volume in scope, reaching the targets
 * before the cut and after it. `measure` "orders": the orders give no quantity and are
 * counted (unit null).
 */
export const SupplyFigureSchema = z
  .object({
    commodity: z.string(),
    label: z.string(),
    unit: z.string().nullable(),
    measure: z.enum(['quantity', 'orders']),
    in_scope: z.number(),
    before: z.number(),
    after: z.number(),
    /** after ÷ before (by orders when the row's volume is 0); 0 when nothing reached before. */
    share_after: z.number(),
    orders_in_scope: z.number().int(),
    orders_before: z.number().int(),
    orders_after: z.number().int(),
  })
  .meta({ id: 'SupplyFigure' });
export type SupplyFigure = z.output<typeof SupplyFigureSchema>;

/** The fewest actors whose removal cuts sources from targets. */
export const ChokepointResultSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    cut: z.array(CutNodeSchema),
    cut_size: z.number().int(),
    paths_before: z.number().int(),
    paths_after: z.number().int(),
    supply_reachable_after: z.number(),
    cut_cost: z.number(),
    supply_reachable_before: z.number(),
    method: z.string(),
    mode: Mode,
    /** The commodity the graph was restricted to (`--commodity`), or null for all goods. */
    commodity: z.string().nullable(),
    sources: z.array(NodeRefSchema),
    targets: z.array(NodeRefSchema),
    /** Source → target edges no vertex cut can break. */
    direct_edges: z.array(z.object({ from: z.string(), to: z.string() })),
    /**
     * Summed volume of the sources' orders reaching the targets, only when every order in
     * scope is in one unit (`volume_unit`); null otherwise (units are never added: see `supply`).
     */
    volume_before: z.number().nullable(),
    volume_after: z.number().nullable(),
    volume_unit: z.string().nullable(),
    /** The orders whose goods pass a selected source: the only orders the figures count. */
    orders_in_scope: z.array(z.string()),
    orders_reaching_before: z.array(z.string()),
    orders_reaching_after: z.array(z.string()),
    /** Before and after the cut, per commodity and unit (one unit a row). */
    supply: z.array(SupplyFigureSchema),
    by_commodity: z.array(
      z.object({
        commodity: z.string(),
        label: z.string(),
        unit: z.array(z.string()),
        volume_before: z.number(),
        volume_after: z.number(),
        share_after: z.number(),
      }),
    ),
    min_cut: z
      .object({ ids: z.array(z.string()), cut_size: z.number().int(), cut_cost: z.number() })
      .nullable(),
    /**
     * Another minimum cut, the one nearest the targets, when it differs from `cut` (which is
     * the one nearest the sources, as igraph and NetworkX return it). Both are minimum.
     */
    cut_near_targets: z.array(NodeRefSchema).nullable(),
    steps: z.array(
      z.object({ id: z.string(), name: z.string(), supply_reachable_after: z.number() }),
    ),
    notes: z.array(z.string()),
  })
  .meta({ id: 'Chokepoints' });
export type ChokepointResult = z.output<typeof ChokepointResultSchema>;

export const PathEdgeSchema = z.object({
  source: z.string(),
  target: z.string(),
  via: z.array(z.string()),
  commodities: z.array(z.string()),
  order_ids: z.array(z.string()),
  relation_ids: z.array(z.string()),
  dates: z.array(z.string()),
  /** The date taken for this step in the timeline: the earliest not before the previous step's, or null. */
  date: z.string().nullable(),
});
export type PathEdge = z.output<typeof PathEdgeSchema>;

export const SupplyPathSchema = z.object({
  nodes: z.array(NodeRefSchema),
  edges: z.array(PathEdgeSchema),
  /** Orders whose goods can have travelled the whole path. */
  order_ids: z.array(z.string()),
  commodities: z.array(z.string()),
  first_date: z.string().nullable(),
  last_date: z.string().nullable(),
  /** Days from the first to the last dated step: how fast the goods moved. */
  elapsed_days: z.number().nullable(),
  /** No step had only dates earlier than the step before it (such dates are left out). */
  dates_in_order: z.boolean(),
});
export type SupplyPath = z.output<typeof SupplyPathSchema>;

/** Supply paths from sources to targets with their timelines. */
export const PathsReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    paths: z.array(SupplyPathSchema),
    truncated: z.boolean(),
    max_length: z.number().int(),
  })
  .meta({ id: 'PathsReport' });
export type PathsReport = z.output<typeof PathsReportSchema>;

/**
 * The built network's records (`buildNetwork` in graph.ts), as `network graph --json` and
 * `GET …/network/graph` answer them through src/app/network.ts's `networkGraph`.
 */

/** Edge kinds: goods moving, control binding a business group, payments, other relations. */
export const EdgeKindSchema = z.enum(['supply', 'control', 'payment', 'association']);
export type EdgeKind = z.output<typeof EdgeKindSchema>;

/** A party of the network as answered (the built node less its FtM entity and names). */
export const NetworkNodeSchema = z.object({
  id: z.string(),
  name: z.string(),
  schema: z.string(),
  topics: z.array(z.string()),
  country: z.string().nullable(),
  /** Sells in orders and never buys. */
  supplier: z.boolean(),
  /** Buys in orders and never sells, or carries the FtM topic crime.terror. */
  end_user: z.boolean(),
  /** A freight forwarder, courier, smuggler or other carrier, judged from its description. */
  carrier: z.boolean(),
  /** A border crossing or gate. */
  crossing: z.boolean(),
  /** Order roles seen: seller, buyer, consignee, payer. */
  roles: z.array(z.string()),
  /** Business group id, when control edges bind the node to others. */
  group: z.string().nullable(),
});

/** Parallel records between the same two parties, merged into one edge. */
export const NetworkEdgeSchema = z.object({
  kind: EdgeKindSchema,
  source: z.string(),
  target: z.string(),
  /** What produced it: Order, Consignment, Route, or the FtM schema of the relation. */
  via: z.array(z.string()),
  commodities: z.array(z.string()),
  /** Sum of order quantities carried (each in its own unit; see `orders`). */
  volume: z.number(),
  value: z.number(),
  order_ids: z.array(z.string()),
  relation_ids: z.array(z.string()),
  dates: z.array(z.string()),
  /** Payment methods, for payment edges. */
  methods: z.array(z.string()),
});

/** An order as the network reads it: its commodity, parties and the chain its goods follow. */
export const NetworkOrderSchema = z.object({
  order_id: z.string(),
  date: z.string().nullable(),
  commodity: CommoditySchema,
  goods: z.string().nullable(),
  seller: z.string(),
  buyer: z.string(),
  consignee: z.string().nullable(),
  payer: z.string().nullable(),
  /** The parties the goods pass, in order: seller, buyer, consignee (when different). */
  chain: z.array(z.string()),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  value: z.number().nullable(),
  currency: z.string().nullable(),
  payment_method: z.enum(PAYMENT_METHODS).nullable(),
  third_party_payer: z.boolean(),
});

/** An order's goods moving from one party to the next, and the route places they pass. */
export const ShipmentSchema = z.object({
  order_id: z.string(),
  commodity: z.string(),
  from: z.string(),
  to: z.string(),
  date: z.string().nullable(),
  places: z.array(z.string()),
  /** Route places that are border crossings, with the crossing's entity when known. */
  crossings: z.array(z.object({ place: z.string(), id: z.string().nullable() })),
});

/** A payment: an order's payer to its seller, or a Payment relation. */
export const PaymentRecordSchema = z.object({
  id: z.string(),
  order_id: z.string().nullable(),
  relation_id: z.string().nullable(),
  payer: z.string(),
  beneficiary: z.string(),
  method: z.string().nullable(),
  amount: z.number().nullable(),
  currency: z.string().nullable(),
  date: z.string().nullable(),
  /** Paid by someone other than the buyer (orders only). */
  third_party: z.boolean(),
});

/** Parties bound by control edges (Family, Ownership, Directorship): one business group. */
export const BusinessGroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.string()),
  relation_ids: z.array(z.string()),
});

/** A commodity of the network with its orders, their summed volume and value, and units. */
export const NetworkCommoditySchema = CommoditySchema.extend({
  orders: z.number().int(),
  volume: z.number(),
  value: z.number(),
  units: z.array(z.string()),
});

/** One step of a shortest path: an edge of any kind, walked either way. */
export const LinkStepSchema = z.object({
  source: z.string(),
  target: z.string(),
  kind: EdgeKindSchema,
  /** The step runs against the edge's direction (buyer back to seller, owned to owner). */
  reversed: z.boolean(),
  via: z.array(z.string()),
  commodities: z.array(z.string()),
  order_ids: z.array(z.string()),
  relation_ids: z.array(z.string()),
  dates: z.array(z.string()),
});

/**
 * The shortest chain of links of any kind (supply, control, payment, association) between
 * two parties, direction ignored: how two names are connected at all.
 */
export const ShortestPathSchema = z
  .object({
    from: NodeRefSchema,
    to: NodeRefSchema,
    /** Steps from `from` to `to`; null when no chain of links joins them. */
    length: z.number().int().nullable(),
    nodes: z.array(NodeRefSchema),
    edges: z.array(LinkStepSchema),
  })
  .meta({ id: 'ShortestPath' });
export type ShortestPath = z.output<typeof ShortestPathSchema>;
