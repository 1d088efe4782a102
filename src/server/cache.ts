import type { FastifyInstance } from 'fastify';

/**
 * Per-case memo of derived analyses: the built network and its junction report, the
 * network roles of its parties (junction ranks and the minimum cuts of `networkRoles` in
 * src/app/network.ts: from the suppliers to the crime.terror parties when there are any,
 * else to every end user, single parties and business groups), its exact centrality, and
 * (under a key of its own) the sanctions lists' screener. Building them costs tens of
 * milliseconds on a case of thousands of entities; the graph and detail routes would
 * otherwise rebuild them on every request. An entry is dropped on
 * any write to its case through the API, and expires after `ttlMs` (five minutes) so that
 * writes made by the CLI next to a running server show up too.
 */
export class CaseCache {
  private entries = new Map<string, { at: number; value: Promise<unknown> }>();
  constructor(private readonly ttlMs = 5 * 60_000) {}

  get<T>(caseId: string, key: string, build: () => Promise<T>): Promise<T> {
    const k = `${caseId}\u0000${key}`;
    const hit = this.entries.get(k);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = build();
    this.entries.set(k, { at: Date.now(), value });
    // A failed build is not kept: the next request tries again.
    value.catch(() => this.entries.delete(k));
    return value;
  }

  invalidate(caseId: string): void {
    for (const k of this.entries.keys())
      if (k.startsWith(`${caseId}\u0000`)) this.entries.delete(k);
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function installCaseCache(app: FastifyInstance): void {
  app.decorate('caseCache', new CaseCache());
  app.addHook('onResponse', async (request) => {
    if (WRITES.has(request.method) && request.caseId) app.caseCache.invalidate(request.caseId);
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    caseCache: CaseCache;
  }
}
