import Fastify, { type FastifyInstance } from 'fastify';
import { ChokepointError, ERROR_CATALOGUE, toChokepointError } from '../core/errors.ts';
import type { Store } from '../store/connect.ts';
import { storeStats } from '../store/stats.ts';

export interface ServerOptions {
  store: Store;
  logger?: boolean;
}

/**
 * The HTTP API. Each domain is a plugin; coded errors become JSON bodies with their
 * catalogue status, and anything unexpected is a 500 that does not leak internals.
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 64 * 1024 * 1024 });
  app.decorate('store', opts.store);

  app.setErrorHandler((error, request, reply) => {
    const fastifyError = error as {
      statusCode?: number;
      code?: string;
      validation?: unknown;
      message: string;
    };
    let err: ChokepointError;
    if (error instanceof ChokepointError) err = error;
    else if (fastifyError.validation)
      err = new ChokepointError('CP_BAD_INPUT', fastifyError.message);
    else if (fastifyError.statusCode === 413)
      err = new ChokepointError('CP_PAYLOAD_TOO_LARGE', fastifyError.message);
    else if (
      fastifyError.statusCode &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    )
      err = new ChokepointError('CP_BAD_INPUT', fastifyError.message);
    else {
      request.log.error(error);
      err = toChokepointError(new Error('internal error'));
    }
    void reply.status(err.status).send({ error: err.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const err = new ChokepointError(
      'CP_NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0]}`,
    );
    void reply.status(404).send({ error: err.toJSON() });
  });

  app.get('/api/health', async () => ({ status: 'ok', database: opts.store.dialect }));
  app.get('/api/stats', async () => storeStats(opts.store.db, ['default']));
  app.get('/api/errors', async () => ERROR_CATALOGUE);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}
