import { z } from 'zod';

/** One party (or business group) with its degrees, betweenness and Louvain community. */
export const CentralityNodeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    schema: z.string(),
    group: z.string().nullable(),
    in_degree: z.number().int(),
    out_degree: z.number().int(),
    /** Normalised betweenness over the directed supply edges (exact, or estimated from pivots). */
    betweenness: z.number(),
    community: z.number().int().nullable(),
  })
  .meta({ id: 'CentralityNode' });
export type CentralityNode = z.output<typeof CentralityNodeSchema>;

/** `network centrality --json` and `GET …/network/centrality`: nodes by betweenness, highest first. */
export const CentralityReportSchema = z
  .object({
    nodes: z.array(CentralityNodeSchema),
    /** How many Louvain communities. */
    communities: z.number().int(),
    modularity: z.number(),
    /** The Hoeffding bound of a pivot estimate (`pivots`); null when betweenness is exact. */
    betweenness_error: z
      .object({ epsilon: z.number(), delta: z.number(), statement: z.string() })
      .nullable(),
    /** What the figures are computed on. */
    graph: z.string(),
  })
  .meta({ id: 'Centrality' });
export type CentralityReport = z.output<typeof CentralityReportSchema>;
