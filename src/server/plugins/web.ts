import { stat } from 'node:fs/promises';
import { join, normalize } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ChokepointError } from '../../core/errors.ts';

/**
 * The built web app (web/dist). Files are served as they are; any other path outside
 * /api is the single-page app's own route, so it gets index.html and the app routes it.
 */
export async function webRoutes(app: FastifyInstance, opts: { root: string }): Promise<void> {
  await app.register(fastifyStatic, { root: opts.root, serve: false });
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split('?')[0]!;
    if (path === '/api' || path.startsWith('/api/')) {
      throw new ChokepointError('CP_NOT_FOUND', `no route GET ${path}`);
    }
    const rel = normalize(decodeURIComponent(path))
      .replace(/^(\.\.[/\\])+/, '')
      .replace(/^\/+/, '');
    if (rel) {
      const file = await stat(join(opts.root, rel)).catch(() => null);
      if (file?.isFile()) return reply.sendFile(rel);
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
