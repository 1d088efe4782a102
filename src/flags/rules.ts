import { readdirSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ChokepointError } from '../core/errors.ts';

/** Every indicator, in the order flags are listed. */
export const FLAG_CODES = [
  'SANCTIONED_PARTY',
  'NEW_CUSTOMER',
  'CUSTOMER_HISTORY_UNKNOWN',
  'SENSITIVE_REGION',
  'NEW_CUSTOMER_IN_SENSITIVE_REGION',
  'SHIP_TO_SENSITIVE_REGION',
  'GOODS_INCONGRUENT',
  'QUANTITY_DISPROPORTIONATE',
  'THIRD_PARTY_PAYER',
  'CONCEALED_PAYMENT',
  'PAYER_IS_MONEY_TRANSFER_OPERATOR',
  'PAYER_FOR_SEVERAL_BUYERS',
  'ROUTE_THROUGH_CROSSING',
  'ROUTE_DETOUR',
  'CONSIGNEE_FORWARDER',
  'CONSIGNEE_UNRELATED',
  'CONTROLLED_PRECURSOR',
  'EXPLOSIVE_ARTICLE',
  'UAV_COMPONENT',
  'DUAL_USE_ELECTRONICS',
  'SHARED_CONTACT_WITH_FLAGGED',
] as const;
export type FlagCode = (typeof FLAG_CODES)[number];

const ParamsSchema = z.object({
  new_customer_days: z.number().positive(),
  recent_customer_days: z.number().positive(),
  near_km: z.number().positive(),
  region_km: z.number().positive(),
  crossing_km: z.number().positive(),
  quantity_ratio: z.number().gt(1),
  history_min_orders: z.number().int().min(2),
  peer_min_orders: z.number().int().min(2),
  peer_min_buyers: z.number().int().min(2),
  bulk_kg: z.number().positive(),
  bulk_l: z.number().positive(),
  detour_ratio: z.number().gt(1),
  detour_min_km: z.number().min(0),
  link_depth: z.number().int().min(1).max(6),
  payer_min_buyers: z.number().int().min(2),
  flagged_threshold: z.number().min(0).max(1),
  /** Name-engine score (0–1) from which a party counts as on a list. */
  sanctions_threshold: z.number().min(0).max(1).default(0.9),
  payment_strength: z.record(z.string(), z.number().min(0)),
});
export type RuleParams = z.output<typeof ParamsSchema>;

/** A shipped version (`v1`): a file of rules/, read-only. */
export const SHIPPED_VERSION = /^v\d+$/;
/** A stored rule set's label: its name and version (`calibrated@v2`). */
export const STORED_LABEL = /^([a-z0-9][a-z0-9_-]{0,63})@v(\d+)$/;
const RULES_LABEL = /^(v\d+|[a-z0-9][a-z0-9_-]{0,63}@v\d+)$/;

/** The label a stored rule set's rules carry as their version. */
export function storedLabel(name: string, version: number): string {
  return `${name}@v${version}`;
}

/**
 * A rules file: the prior (base rate of illicit orders), the parameters of the indicators
 * and one weight per indicator in log-odds points. A calibrated file also says what it was
 * fitted on and how well it did.
 */
export const RulesSchema = z.object({
  version: z
    .string()
    .regex(RULES_LABEL, 'a shipped version such as v1, or a stored one such as calibrated@v2'),
  description: z.string(),
  created: z.string(),
  prior: z.number().gt(0).lt(1),
  params: ParamsSchema,
  weights: z.record(z.enum(FLAG_CODES), z.number()),
  calibration: z.unknown().optional(),
});
export type Rules = z.output<typeof RulesSchema>;

export const RULES_DIR = new URL('./rules/', import.meta.url);

export function parseRules(text: string, file: string): Rules {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ChokepointError('CP_BAD_RULES', `rules file is not JSON: ${(e as Error).message}`, {
      file,
    });
  }
  const r = RulesSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new ChokepointError('CP_BAD_RULES', `bad rules file: ${issue.message}`, {
      file,
      field: issue.path.join('.'),
    });
  }
  return r.data;
}

/** Versions shipped in rules/, oldest first. */
export function shippedVersions(): string[] {
  return readdirSync(RULES_DIR)
    .filter((f) => /^v\d+\.json$/.test(f))
    .map((f) => f.replace(/\.json$/, ''))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
}

/**
 * The rules to score with: a file path, a shipped version ("v1"), or by default v1, the
 * hand-set weights (a calibrated version is used only when asked for).
 */
export function loadRules(which?: string): Rules {
  const spec = which ?? 'v1';
  if (SHIPPED_VERSION.test(spec)) {
    const url = new URL(`${spec}.json`, RULES_DIR);
    let text: string;
    try {
      text = readFileSync(url, 'utf8');
    } catch {
      throw new ChokepointError('CP_NOT_FOUND', `no rules version ${spec}`, {
        field: 'rules',
        expected: shippedVersions().join(', '),
      });
    }
    return parseRules(text, `rules/${spec}.json`);
  }
  let text: string;
  try {
    text = readFileSync(spec, 'utf8');
  } catch (e) {
    throw new ChokepointError(
      'CP_IMPORT_BAD_FILE',
      `cannot read rules file: ${(e as NodeJS.ErrnoException).code ?? ''}`,
      { file: spec },
    );
  }
  return parseRules(text, spec);
}

export function weightOf(rules: Rules, code: FlagCode): number {
  return rules.weights[code] ?? 0;
}

export const logit = (p: number): number => Math.log(p / (1 - p));
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
