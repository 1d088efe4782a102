import type { Generated } from 'kysely';
import type { OrderItemIdentity } from '../network/orders.ts';
import type { DocumentPageRow, DocumentRow } from './documents.ts';
import type { DraftRow, MentionRow, XrefRow } from './mentions.ts';

/**
 * The tables of the store. Dates are ISO text (YYYY-MM-DD, or full timestamps for
 * `*_at`), JSON is text: both databases read them alike. Every record belongs to a case.
 */
export interface Database {
  jobs: JobsTable;
  cases: { id: string; name: string; description: string | null; created_at: string };
  sources: {
    case_id: string;
    id: string;
    title: string;
    publisher: string | null;
    kind: string;
    url: string | null;
    published: string | null;
    reliability: string;
    created_at: string;
  };
  evidence: {
    id: Generated<number>;
    case_id: string;
    record_kind: string;
    record_id: string;
    source_id: string;
    credibility: number;
    page: string | null;
    excerpt: string | null;
    created_at: string;
  };
  incidents: IncidentRow;
  /** Pre-added summary figures per case, dimension, day and key (src/store/rollups.ts). */
  incident_rollup: {
    case_id: string;
    dim: string;
    day: number;
    k1: string;
    k2: string;
    events: number;
    attacks: number;
    killed: number;
    wounded: number;
    casualties: number;
  };
  incident_merges: {
    id: string;
    case_id: string;
    kept_id: string;
    merged_ids: string;
    explanation: string;
    created_at: string;
    reverted_at: string | null;
  };
  seizures: {
    case_id: string;
    id: string;
    seizure_date: string | null;
    place: string | null;
    country: string | null;
    seized_by: string | null;
  };
  items: ItemRow;
  baseline: {
    case_id: string;
    id: string;
    type: string | null;
    model: string | null;
    manufacturer: string | null;
    country_of_manufacture: string | null;
    count: number;
  };
  aliases: { kind: string; alias: string; canonical: string; created_at: string };
  entities: {
    case_id: string;
    id: string;
    schema: string;
    caption: string;
    data: string;
    created_at: string;
    updated_at: string;
  };
  relations: {
    case_id: string;
    id: string;
    schema: string;
    source_id: string;
    target_id: string;
    start_date: string | null;
    end_date: string | null;
  };
  entity_merges: {
    id: string;
    case_id: string;
    canonical_id: string;
    member_ids: string;
    explanation: string;
    created_at: string;
    reverted_at: string | null;
  };
  orders: OrderRow;
  flag_scores: {
    id: Generated<number>;
    case_id: string;
    order_id: string;
    rules_version: string;
    likelihood: number;
    flags: string;
    scored_at: string;
  };
  reviews: {
    id: Generated<number>;
    case_id: string;
    order_id: string;
    status: string;
    decided_by: string | null;
    reason: string | null;
    decided_at: string;
  };
  lists: {
    id: string;
    name: string;
    format: string;
    file: string | null;
    imported_at: string;
    issuer: string | null;
    title: string | null;
    published: string | null;
    version: number | null;
  };
  list_versions: ListVersionsTable;
  list_changes: ListChangesTable;
  list_watch: { case_id: string; list_id: string; version: number };
  list_screened: { case_id: string; entity_id: string; fingerprint: string; screened_at: string };
  list_alerts: ListAlertsTable;
  list_decisions: ListDecisionsTable;
  rule_sets: {
    id: Generated<number>;
    name: string;
    version: number;
    rules: string;
    description: string;
    source: string | null;
    created_by: string | null;
    created_at: string;
  };
  list_entities: {
    list_id: string;
    id: string;
    schema: string;
    caption: string;
    data: string;
    fingerprint: string | null;
  };
  imports: {
    id: string;
    case_id: string;
    kind: string;
    file: string | null;
    rows: number;
    started_at: string;
    finished_at: string | null;
    status: string;
    error: string | null;
    /** The column mapping a dataset file was read through (ColumnMapping as JSON), if any. */
    mapping: string | null;
  };
  /** Actors: the normaliser's canonical ones and those datasets name (src/store/actors.ts). */
  actors: {
    id: string;
    name: string;
    kind: string | null;
    parent: string | null;
    /** JSON array of the spellings met. */
    aliases: string;
    /** 1 for one of the normaliser's canonical actors. */
    canonical: number;
    created_at: string;
  };
  /** A name as records write it, in a country ('' for none), and the actor it stands for. */
  actor_names: { name: string; country_code: string; actor_id: string };
  users: {
    id: string;
    username: string;
    password_hash: string;
    is_admin: number;
    created_at: string;
    disabled_at: string | null;
  };
  case_members: { case_id: string; user_id: string; role: string; granted_at: string };
  api_tokens: {
    id: string;
    user_id: string;
    name: string;
    token_hash: string;
    created_at: string;
    revoked_at: string | null;
  };
  user_sessions: {
    id: string;
    user_id: string;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  audit_log: {
    id: Generated<number>;
    at: string;
    user_id: string | null;
    case_id: string | null;
    action: string;
    target: string | null;
    ip: string | null;
    detail: string | null;
  };
  /** SQLite only (migration 0016): each entry's record and display title, by FTS5 rowid. */
  search_keys: {
    fts_rowid: number;
    case_id: string;
    record_kind: string;
    record_id: string;
    title: string;
  };
  /** SQLite only (migration 0016): the contentless FTS5 index (its text is not stored). */
  search_fts: { rowid: number; title: string; body: string };
  /** PostgreSQL's search table; on SQLite the entries' shape (search_fts + search_keys). */
  search_index: {
    case_id: string;
    record_kind: string;
    record_id: string;
    title: string;
    body: string;
  };
  /** Documents and their pages (src/store/documents.ts, migration 0011). */
  documents: DocumentRow;
  document_pages: DocumentPageRow;
  /** Mentions, cross-references and draft orders (src/store/mentions.ts, migration 0012). */
  document_mentions: MentionRow;
  document_xrefs: XrefRow;
  document_drafts: DraftRow;
}

export interface IncidentRow {
  case_id: string;
  id: string;
  text: string | null;
  date: string | null;
  date_precision: string;
  country: string | null;
  country_code: string | null;
  admin1: string | null;
  admin2: string | null;
  place: string | null;
  anchor_place: string | null;
  offset_km: number | null;
  offset_dir: string | null;
  lat: number | null;
  lon: number | null;
  geo_precision: number | null;
  event_type: string | null;
  sub_event_type: string | null;
  attack_type: string | null;
  perpetrator: string | null;
  target: string | null;
  killed: number | null;
  wounded: number | null;
  casualties_total: number | null;
  attribution: string;
  sources: string;
  confidence: number | null;
  merged_into: string | null;
  created_at: string;
  /** foldText of country, admin1 and perpetrator: what the list's filters compare (0007). */
  country_f: string | null;
  admin1_f: string | null;
  perpetrator_f: string | null;
}

export interface ItemRow {
  case_id: string;
  item_id: string;
  seizure_id: string;
  category: string;
  type: string | null;
  model: string | null;
  manufacturer: string | null;
  country_of_manufacture: string | null;
  calibre: string | null;
  serial_number: string | null;
  year_of_manufacture: number | null;
  lot: string | null;
  parent_item_id: string | null;
  quantity: number;
  notes: string | null;
}

/** An orders row; its item identity columns (manufacturer … serial_last) are the order schema's. */
export interface OrderRow extends OrderItemIdentity {
  case_id: string;
  order_id: string;
  order_date: string | null;
  seller: string;
  seller_country: string | null;
  buyer: string;
  buyer_country: string | null;
  buyer_city: string | null;
  buyer_business: string | null;
  buyer_first_seen: string | null;
  goods: string | null;
  hs_code: string | null;
  quantity: number | null;
  unit: string | null;
  value: number | null;
  currency: string | null;
  payer: string | null;
  payment_method: string | null;
  consignee: string | null;
  ship_to_city: string | null;
  ship_to_country: string | null;
  route: string | null;
  seller_entity_id: string | null;
  buyer_entity_id: string | null;
  payer_entity_id: string | null;
  consignee_entity_id: string | null;
}

/** Jobs (src/store/jobs.ts): queue and record of the long operations. */
export interface JobsTable {
  id: string;
  kind: string;
  case_id: string | null;
  state: string;
  input: string;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  stage: Generated<string>;
  counts: Generated<string>;
  result: string | null;
  error: string | null;
  created_by: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
  worker: string | null;
  runs_on: string | null;
  cancel_requested: Generated<number>;
  time_ms: number;
  memory_mb: number;
  /** The pg-boss job delivering it (PostgreSQL, 0014); null on SQLite. */
  queue_job: string | null;
}

/** Sanctions list versions and the watchlist (src/store/lists.ts, src/store/watchlist.ts; 0010_lists). */
export interface ListVersionsTable {
  list_id: string;
  version: number;
  issuer: string | null;
  title: string | null;
  published: string | null;
  format: string;
  file: string | null;
  imported_at: string;
  entities: number;
  added: number;
  changed: number;
  removed: number;
}

export interface ListChangesTable {
  list_id: string;
  version: number;
  entity_id: string;
  change: string;
  caption: string;
  before: string | null;
  after: string | null;
}

export interface ListAlertsTable {
  id: string;
  case_id: string;
  party_id: string;
  party_name: string;
  list_id: string;
  list_version: number | null;
  entry_id: string;
  entry_caption: string;
  entry_fingerprint: string;
  score: number;
  features: string;
  reason: string;
  state: string;
  decided_by: string | null;
  decided_at: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export interface ListDecisionsTable {
  id: string;
  alert_id: string | null;
  case_id: string;
  query: string;
  list_id: string | null;
  entity_id: string;
  entry: string;
  score: number;
  features: string;
  decision: string;
  decided_by: string;
  decided_at: string;
  note: string | null;
}
