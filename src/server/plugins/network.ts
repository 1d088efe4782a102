import type { FastifyInstance } from 'fastify';

/** Network analysis routes: wired once src/network's graph analysis lands. */
export async function networkRoutes(_app: FastifyInstance): Promise<void> {}
