import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { foldText } from '../core/fold.ts';
import { compileTerms, type CompiledTerm } from './match.ts';

/**
 * The lists the rules read: border crossings, sensitive areas, controlled commodities,
 * product classes and business sectors, party kinds. Each is a JSON file in `data/` that
 * names its sources; they are validated here once, when the module loads.
 */
function load<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  const text = readFileSync(new URL(`./data/${file}`, import.meta.url), 'utf8');
  return schema.parse(JSON.parse(text));
}

const withSources = { description: z.string(), sources: z.array(z.string()).min(1) };

const CrossingSchema = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  countries: z.array(z.string()),
  lat: z.number(),
  lon: z.number(),
});
export type Crossing = z.output<typeof CrossingSchema>;

const AreaSchema = z.object({
  id: z.string(),
  name: z.string(),
  country: z.string().optional(),
  lat: z.number().optional(),
  lon: z.number().optional(),
  radius_km: z.number().optional(),
});
export type Area = z.output<typeof AreaSchema>;

const CommoditySchema = z.object({
  id: z.string(),
  name: z.string(),
  code: z.enum([
    'CONTROLLED_PRECURSOR',
    'EXPLOSIVE_ARTICLE',
    'UAV_COMPONENT',
    'DUAL_USE_ELECTRONICS',
  ]),
  list: z.string(),
  strength: z.number().min(0).max(1),
  hs: z.array(z.string().regex(/^\d+$/)),
  hs_needs_term: z.boolean().optional(),
  terms: z.array(z.string()),
});
export type Commodity = z.output<typeof CommoditySchema> & { compiled: CompiledTerm[] };

const ClassSchema = z.object({
  id: z.string(),
  name: z.string(),
  hs: z.array(z.string().regex(/^\d+$/)),
  terms: z.array(z.string()),
});
export type ProductClass = z.output<typeof ClassSchema> & { compiled: CompiledTerm[] };

const SectorSchema = z.object({
  id: z.string(),
  name: z.string(),
  size: z.enum(['small']).nullable(),
  terms: z.array(z.string()),
  buys: z.array(z.string()),
});
export type Sector = z.output<typeof SectorSchema> & {
  compiled: CompiledTerm[];
  buysAll: boolean;
  buysSet: Set<string>;
};

const crossingsFile = load(
  'crossings.json',
  z.object({ ...withSources, crossings: z.array(CrossingSchema) }),
);
const areasFile = load('areas.json', z.object({ ...withSources, areas: z.array(AreaSchema) }));
const commoditiesFile = load(
  'commodities.json',
  z.object({ ...withSources, entries: z.array(CommoditySchema) }),
);
const sectorsFile = load(
  'sectors.json',
  z.object({
    ...withSources,
    classes: z.array(ClassSchema),
    sectors: z.array(SectorSchema),
    small_business_terms: z.array(z.string()),
  }),
);
const partiesFile = load(
  'parties.json',
  z.object({
    ...withSources,
    money_transfer_operator_terms: z.array(z.string()),
    freight_forwarder_terms: z.array(z.string()),
    bank_terms: z.array(z.string()),
    generic_name_words: z.array(z.string()),
  }),
);

export const CROSSINGS: Crossing[] = crossingsFile.crossings;
export const CROSSING_WORDS = new Set(
  CROSSINGS.flatMap((c) => c.aliases.flatMap((a) => foldText(a).split(' '))),
);
export const AREAS: Area[] = areasFile.areas;
export const COMMODITIES: Commodity[] = commoditiesFile.entries.map((e) => ({
  ...e,
  compiled: compileTerms(e.terms),
}));
export const PRODUCT_CLASSES: ProductClass[] = sectorsFile.classes.map((c) => ({
  ...c,
  compiled: compileTerms(c.terms),
}));
export const SECTORS: Sector[] = sectorsFile.sectors.map((s) => ({
  ...s,
  compiled: compileTerms(s.terms),
  buysAll: s.buys.includes('*'),
  buysSet: new Set(s.buys),
}));
export const SMALL_BUSINESS_TERMS = compileTerms(sectorsFile.small_business_terms);
export const MTO_TERMS = compileTerms(partiesFile.money_transfer_operator_terms);
export const FORWARDER_TERMS = compileTerms(partiesFile.freight_forwarder_terms);
export const BANK_TERMS = compileTerms(partiesFile.bank_terms);
export const GENERIC_NAME_WORDS = new Set(partiesFile.generic_name_words.map((w) => foldText(w)));

/** The sources each list names, for the README and `flags lists`. */
export const LIST_SOURCES: Record<string, string[]> = {
  crossings: crossingsFile.sources,
  areas: areasFile.sources,
  commodities: commoditiesFile.sources,
  sectors: sectorsFile.sources,
  parties: partiesFile.sources,
};

for (const s of SECTORS) {
  for (const b of s.buys) {
    if (b !== '*' && !PRODUCT_CLASSES.some((c) => c.id === b))
      throw new Error(`sectors.json: sector ${s.id} buys unknown class ${b}`);
  }
}
