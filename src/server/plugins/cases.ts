import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CaseMemberSchema,
  CaseSchema,
  MemberSchema,
  MembershipSchema,
} from '../../access/schema.ts';
import { ChokepointError } from '../../core/errors.ts';
import { ensureCase, getCase } from '../../store/cases.ts';
import { storeStats } from '../../store/stats.ts';
import { getUser, grantRole, membersOf, membershipsOf, revokeRole } from '../../store/users.ts';
import { caseOf, userOf } from '../auth.ts';
import { CASE, COMMON_ERRORS, CaseParams } from '../schemas.ts';
import { StatsSchema } from './system.ts';

const MemberParams = CaseParams.extend({ userId: CaseMemberSchema.shape.user_id.min(1).max(200) });

/** Cases (investigations) and who belongs to them. */
export async function casesRoutes(base: FastifyInstance): Promise<void> {
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/cases',
    {
      config: { access: 'user' },
      schema: {
        tags: ['cases'],
        summary: "The caller's cases with their role on each",
        response: { 200: z.object({ items: z.array(MembershipSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await membershipsOf(req.server.store.db, userOf(req).id) }),
  );

  app.post(
    '/api/cases',
    {
      config: { access: 'global_admin', audit: 'case.create' },
      schema: {
        tags: ['cases'],
        summary: 'Create a case (global admins); the creator becomes its admin',
        body: z.object({
          id: CaseSchema.shape.id.regex(
            /^[a-z0-9][a-z0-9_-]{0,63}$/,
            'lower-case letters, digits, "_" and "-"',
          ),
          name: CaseSchema.shape.name.min(1).max(200),
          description: CaseSchema.shape.description.unwrap().max(2000).nullable().default(null),
        }),
        response: { 201: MembershipSchema, ...COMMON_ERRORS, 409: COMMON_ERRORS[400] },
      },
    },
    async (req, reply) => {
      const db = req.server.store.db;
      if (await getCase(db, req.body.id))
        throw new ChokepointError('CP_CONFLICT', `case "${req.body.id}" exists`);
      await ensureCase(db, req.body.id, req.body.name, req.body.description);
      await grantRole(db, userOf(req).id, req.body.id, 'admin');
      req.auditDetail = { case_id: req.body.id };
      return reply
        .status(201)
        .send({ id: req.body.id, name: req.body.name, role: 'admin' as const });
    },
  );

  app.get(
    `${CASE}/stats`,
    {
      config: { access: { case: 'viewer' } },
      schema: {
        tags: ['cases'],
        summary: 'Counts per record kind in this case (as `chokepoint stats --json`)',
        params: CaseParams,
        response: { 200: StatsSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => storeStats(req.server.store.db, [caseOf(req)]),
  );

  app.get(
    `${CASE}/members`,
    {
      config: { access: { case: 'admin' } },
      schema: {
        tags: ['cases'],
        summary: "The case's members (case admins)",
        params: CaseParams,
        response: { 200: z.object({ items: z.array(MemberSchema) }), ...COMMON_ERRORS },
      },
    },
    async (req) => ({ items: await membersOf(req.server.store.db, caseOf(req)) }),
  );

  app.get(
    `${CASE}/members/:userId`,
    {
      config: { access: { case: 'admin' } },
      schema: {
        tags: ['cases'],
        summary: "One member's role on the case (case admins)",
        params: MemberParams,
        response: { 200: MemberSchema, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const members = await membersOf(req.server.store.db, caseOf(req));
      const m = members.find((x) => x.user_id === req.params.userId);
      if (!m) throw new ChokepointError('CP_NOT_FOUND', `no member "${req.params.userId}"`);
      return m;
    },
  );

  app.put(
    `${CASE}/members/:userId`,
    {
      config: { access: { case: 'admin' }, audit: 'case.member.grant' },
      schema: {
        tags: ['cases'],
        summary: "Grant or change a user's role on the case (case admins)",
        params: MemberParams,
        body: CaseMemberSchema.pick({ role: true }),
        response: {
          200: CaseMemberSchema.pick({ user_id: true, role: true }),
          ...COMMON_ERRORS,
        },
      },
    },
    async (req) => {
      const db = req.server.store.db;
      const user = await getUser(db, req.params.userId);
      if (!user) throw new ChokepointError('CP_NOT_FOUND', `no user "${req.params.userId}"`);
      await grantRole(db, user.id, caseOf(req), req.body.role);
      req.auditDetail = { user_id: user.id, role: req.body.role };
      return { user_id: user.id, role: req.body.role };
    },
  );

  app.delete(
    `${CASE}/members/:userId`,
    {
      config: { access: { case: 'admin' }, audit: 'case.member.revoke' },
      schema: {
        tags: ['cases'],
        summary: 'Remove a user from the case (case admins)',
        params: MemberParams,
        response: { 200: z.object({ removed: z.string() }), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const db = req.server.store.db;
      const caseId = caseOf(req);
      const members = await membersOf(db, caseId);
      const target = members.find((m) => m.user_id === req.params.userId);
      if (!target) throw new ChokepointError('CP_NOT_FOUND', `no member "${req.params.userId}"`);
      // A case must keep an admin, or nobody could manage it any more.
      if (target.role === 'admin' && members.filter((m) => m.role === 'admin').length === 1) {
        throw new ChokepointError('CP_CONFLICT', 'cannot remove the last admin of a case');
      }
      await revokeRole(db, req.params.userId, caseId);
      req.auditDetail = { user_id: req.params.userId };
      return { removed: req.params.userId };
    },
  );
}
