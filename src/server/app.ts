import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  ResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import { ChokepointError, toChokepointError } from '../core/errors.ts';
import type { Store } from '../store/connect.ts';
import { installAccessControl } from './auth.ts';
import { installCaseCache } from './cache.ts';
import { installSecurityHeaders } from './security.ts';
import { installLargeBodyYields } from './yields.ts';
import { auditRoutes, installAuditTrail } from './plugins/audit.ts';
import { armsRoutes } from './plugins/arms.ts';
import { authRoutes, type LoginLimits } from './plugins/auth.ts';
import { casesRoutes } from './plugins/cases.ts';
import { documentsRoutes } from './plugins/documents.ts';
import { entitiesRoutes } from './plugins/entities.ts';
import { incidentsRoutes } from './plugins/incidents.ts';
import { importsRoutes } from './plugins/imports.ts';
import { installJobs, type JobsOptions } from './jobs.ts';
import { jobsRoutes } from './plugins/jobs.ts';
import { listsRoutes } from './plugins/lists.ts';
import { mentionsRoutes } from './plugins/mentions.ts';
import { networkRoutes } from './plugins/network.ts';
import { ordersRoutes } from './plugins/orders.ts';
import { reportsRoutes } from './plugins/reports.ts';
import { resolveRoutes } from './plugins/resolve.ts';
import { sourcesRoutes } from './plugins/sources.ts';
import { systemRoutes } from './plugins/system.ts';
import { timelineRoutes } from './plugins/timeline.ts';
import { traceRoutes } from './plugins/trace.ts';
import { webRoutes } from './plugins/web.ts';

export interface ServerOptions {
  store: Store;
  logger?: boolean;
  /** Largest accepted upload, in bytes (default 256 MiB). */
  maxUploadBytes?: number;
  /**
   * Login attempts allowed per window: per IP and username (default 10 per minute), per
   * IP across usernames and per username across IPs (default 30 each).
   */
  loginAttempts?: LoginLimits;
  /** The built web app to serve; default web/dist when it exists, `null` for none. */
  webDist?: string | null;
  /**
   * Also refuse answers carrying fields their schema does not declare (which would
   * otherwise be dropped silently): on in the tests, so a schema cannot fall behind.
   */
  strictResponses?: boolean;
  /** The server's job pool and limits (src/server/jobs.ts): threads, global and per-user limits. */
  jobs?: JobsOptions;
}

export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/**
 * The HTTP API. Each domain is a plugin; every route declares who may call it (see
 * auth.ts); coded errors become JSON bodies with their catalogue status, and anything
 * unexpected is a 500 that does not leak internals.
 */
export async function buildServer(opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 64 * 1024 * 1024,
    exposeHeadRoutes: false,
    // Case ids and record ids may carry characters such as ":" or spaces.
    routerOptions: { maxParamLength: 500 },
    // The router's own refusals (bad percent-encoding, over-long parameters) in our shape.
    frameworkErrors: (error, _request, reply) => {
      const err =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ChokepointError('CP_LIMIT_EXCEEDED', 'a path parameter is too long', {
              expected: 'at most 500 characters',
            })
          : new ChokepointError('CP_BAD_REQUEST', error.message);
      // The reply of a route-less request is untyped; send through the plain interface.
      const raw = reply as unknown as { status(n: number): { send(b: unknown): void } };
      raw.status(err.status).send({ error: err.toJSON() });
    },
  });
  app.decorate('store', opts.store);
  app.setValidatorCompiler(validatorCompiler);
  // Every answer is checked against its route's response schema (built from the record
  // schemas with `recordSchema`, which validates a record already read) before it is
  // written: an answer that does not match is a 500, never a silently different body.
  app.setSerializerCompiler(opts.strictResponses ? strictSerializerCompiler : serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const err = codedError(error as FastifyError);
    if (err.code === 'CP_INTERNAL') request.log.error(error);
    void reply.status(err.status).send({ error: err.toJSON() });
  });
  app.setNotFoundHandler((request, reply) => {
    const err = new ChokepointError(
      'CP_NOT_FOUND',
      `no route ${request.method} ${request.url.split('?')[0]}`,
    );
    void reply.status(404).send({ error: err.toJSON() });
  });

  // Cookies are parsed in an onRequest hook that must run before the access hook.
  await app.register(cookie);
  installAccessControl(app);
  installLargeBodyYields(app);
  installAuditTrail(app);
  installCaseCache(app);
  await installJobs(app, opts.jobs);
  installSecurityHeaders(app);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new ChokepointError(
        'CP_RATE_LIMITED',
        `too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`,
      ),
  });
  await app.register(multipart, {
    limits: { fileSize: opts.maxUploadBytes ?? 256 * 1024 * 1024, files: 1, fields: 10 },
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Chokepoint API',
        version: '0.1.0',
        description:
          'Incidents, weapon traces, procurement networks, red flags and choke points. ' +
          'Every case-scoped route answers 404 to a caller who is not a member of the case.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cp_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  await app.register(systemRoutes);
  await app.register(authRoutes, { loginAttempts: opts.loginAttempts });
  await app.register(casesRoutes);
  await app.register(incidentsRoutes);
  await app.register(armsRoutes);
  await app.register(entitiesRoutes);
  await app.register(networkRoutes);
  await app.register(ordersRoutes);
  await app.register(traceRoutes);
  await app.register(sourcesRoutes);
  await app.register(importsRoutes);
  await app.register(resolveRoutes);
  await app.register(reportsRoutes);
  await app.register(auditRoutes);
  await app.register(documentsRoutes);
  await app.register(mentionsRoutes);
  await app.register(jobsRoutes);
  await app.register(listsRoutes);
  await app.register(timelineRoutes);
  const webDist = opts.webDist === undefined ? DEFAULT_WEB_DIST : opts.webDist;
  if (webDist && existsSync(webDist)) await app.register(webRoutes, { root: webDist });
  return app;
}

type SerializerRoute = Parameters<typeof serializerCompiler>[0];

/** serializerCompiler, and the answer must not lose a field to the schema (tests). */
function strictSerializerCompiler(route: SerializerRoute) {
  const serialize = serializerCompiler(route);
  return (data: unknown): string => {
    const out = serialize(data);
    const lost = lostField(JSON.parse(JSON.stringify(data)) as unknown, JSON.parse(out), '');
    if (lost !== null) {
      const message = `${route.method} ${route.url}: "${lost}" is not in the schema`;
      const cause = new z.ZodError([
        { code: 'custom', path: lost.split('.'), message, input: data },
      ]);
      // Tests run without a logger: say which field, or the 500 is a riddle.
      console.error(message);
      throw new ResponseSerializationError(route.method, route.url, { cause });
    }
    return out;
  };
}

/** The first path present in `a` but not in `b` (values are compared where both have them). */
function lostField(a: unknown, b: unknown, path: string): string | null {
  if (a === null || typeof a !== 'object') return a === b ? null : path || '(value)';
  if (b === null || typeof b !== 'object') return path || '(value)';
  for (const [k, v] of Object.entries(a)) {
    if (!(k in b)) return path ? `${path}.${k}` : k;
    const lost = lostField(v, (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (lost !== null) return lost;
  }
  return null;
}

/** Maps whatever was thrown to a catalogue error; unknown failures become CP_INTERNAL. */
function codedError(error: FastifyError): ChokepointError {
  if (error instanceof ChokepointError) return error;
  // An answer that does not match its schema is our fault: no detail of it goes out.
  if (error instanceof ResponseSerializationError)
    return new ChokepointError('CP_INTERNAL', 'the answer did not match its schema');
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0]!;
    const where = error.validationContext ?? 'input';
    const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const params = first.params as { expected?: unknown; values?: unknown[] };
    const expected =
      Array.isArray(params.values) && params.values.length
        ? `one of ${params.values.map(String).join(', ')}`
        : typeof params.expected === 'string'
          ? params.expected
          : undefined;
    return new ChokepointError(
      'CP_BAD_REQUEST',
      `invalid ${where}: ${first.message}`,
      { field: path ? `${where}.${path}` : where, expected },
      error.validation.length > 1 ? { issues: error.validation.length } : undefined,
    );
  }
  if (error.validation) return new ChokepointError('CP_BAD_REQUEST', error.message);
  if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE')
    return new ChokepointError('CP_PAYLOAD_TOO_LARGE', error.message);
  if (error.statusCode === 429) return new ChokepointError('CP_RATE_LIMITED', error.message);
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
    return new ChokepointError('CP_BAD_REQUEST', error.message);
  return toChokepointError(new Error('internal error'));
}

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
  }
}
