import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ISO_INSTANT_RE } from '../../core/date.ts';
import { ChokepointError } from '../../core/errors.ts';
import { appendAudit, listAudit } from '../../store/audit.ts';
import { COMMON_ERRORS, Paging, page, pageOf } from '../schemas.ts';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Records every write and every export in the append-only audit log: who (user), when,
 * what (action, target, status, and whatever the handler added), from where (IP). It runs
 * in onSend, before the answer leaves, so a write is never answered without its record.
 * Refused writes are recorded too: a burst of 403s is itself worth reading.
 */
export function installAuditTrail(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const config = request.routeOptions.config;
    if (!config?.access || config.audit === false) return payload;
    const audited = typeof config.audit === 'string' || WRITE_METHODS.has(request.method);
    if (!audited) return payload;
    try {
      await appendAudit(request.server.store.db, {
        user_id: request.user?.id ?? null,
        case_id: request.caseId ?? caseParam(request),
        action:
          typeof config.audit === 'string'
            ? config.audit
            : `${request.method} ${request.routeOptions.url}`,
        target: request.url.split('?')[0]!,
        ip: request.ip,
        detail: {
          ...(request.auditDetail ?? {}),
          status: reply.statusCode,
          via: request.authVia,
        },
      });
    } catch (e) {
      // A write whose record cannot be kept is not reported as a success.
      request.log.error(e);
      void reply.status(500).header('content-type', 'application/json; charset=utf-8');
      return JSON.stringify({
        error: new ChokepointError('CP_INTERNAL', 'the audit record could not be written').toJSON(),
      });
    }
    return payload;
  });
}

function caseParam(request: FastifyRequest): string | null {
  const id = (request.params as { caseId?: unknown } | undefined)?.caseId;
  return typeof id === 'string' ? id : null;
}

const Instant = z.string().regex(ISO_INSTANT_RE, 'a date (YYYY-MM-DD) or an ISO timestamp');
const AuditQuery = Paging.extend({
  from: Instant.optional(),
  to: Instant.optional(),
  user: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  case: z.string().min(1).optional(),
});

const AuditRecord = z.object({
  id: z.number().int(),
  at: z.string(),
  user_id: z.string().nullable(),
  username: z.string().nullable(),
  case_id: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  ip: z.string().nullable(),
  detail: z.unknown(),
});

export async function auditRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/api/audit',
    {
      config: { access: 'global_admin' },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (global admins)',
        querystring: AuditQuery,
        response: { 200: pageOf(AuditRecord), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const r = await listAudit(req.server.store.db, {
        user: q.user,
        action: q.action,
        caseId: q.case,
        from: q.from,
        to: q.to,
        limit: q.limit,
        offset: q.offset,
      });
      return page(r.items, r.total, q);
    },
  );
}
