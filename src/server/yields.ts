import { setImmediate as nextTurn } from 'node:timers/promises';
import type {
  FastifyInstance,
  FastifyRequest,
  FastifySchemaValidationError,
  RouteShorthandOptions,
} from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** A body above this size is one whose parsing, checks and validation take tens of ms each. */
export const LARGE_BODY_BYTES = 256 * 1024;

/** Records of a large array validated in one turn of the event loop. */
export const RECORDS_PER_TURN = 1_000;

function isLarge(req: FastifyRequest): boolean {
  return Number(req.headers['content-length'] ?? 0) > LARGE_BODY_BYTES;
}

/**
 * A large JSON body (a 20 000-name match, 2 MB of text to extract from) is parsed, checked
 * for NULs, validated and handed to a job on the event loop, each step tens of ms (more
 * under load). Fastify runs the steps back to back as one turn of the loop; a turn given
 * back between them lets what waits (a health check, small reads) be answered in between
 * instead of after the sum (issue 18, item 2: a 350–550 ms stall measured on the match).
 * Registered after the access control's own preValidation hook (the NUL check).
 */
export function installLargeBodyYields(app: FastifyInstance): void {
  const yieldIfLarge = async (req: FastifyRequest) => {
    if (isLarge(req)) await nextTurn();
  };
  app.addHook('preValidation', yieldIfLarge);
  app.addHook('preHandler', yieldIfLarge);
}

type Check = (data: unknown) => { value?: unknown; error?: FastifySchemaValidationError[] };
type Compiler = NonNullable<RouteShorthandOptions['validatorCompiler']>;

/**
 * Route options for a body whose arrays hold up to 20 000 records (match, screen): fastify
 * validates the rest of the body (`shallow`: the same object with those arrays checked for
 * their length only), and the records are validated against their schema in turns of
 * RECORDS_PER_TURN, the loop answering other requests between turns (issue 18, item 2: a
 * 20 000-name body was 100–250 ms of validation in one go). The route sees what the full
 * schema gives (the records parsed, defaults filled), or answers the same 400: the first
 * issue, with its field path (`issues` counts those of the first failing turn only).
 */
export function recordsInTurns(
  shallow: z.ZodType,
  arrays: Record<string, z.ZodType>,
): Pick<RouteShorthandOptions, 'validatorCompiler' | 'preHandler'> {
  const compile = (schema: z.ZodType): Check =>
    validatorCompiler({ schema, method: '', url: '', httpPart: 'body' }) as Check;
  const checkShallow = compile(shallow);
  const checks = Object.entries(arrays).map(([field, element]) => ({
    field,
    check: compile(z.array(element)),
  }));
  return {
    validatorCompiler: ((route) =>
      route.httpPart === 'body'
        ? checkShallow
        : validatorCompiler(route as Parameters<typeof validatorCompiler>[0])) as Compiler,
    preHandler: async (req) => {
      const body = req.body as Record<string, unknown>;
      for (const { field, check } of checks) {
        const items = body[field];
        if (!Array.isArray(items)) continue;
        const parsed: unknown[] = [];
        for (let i = 0; i < items.length; i += RECORDS_PER_TURN) {
          if (i > 0) await nextTurn();
          const r = check(items.slice(i, i + RECORDS_PER_TURN));
          if (r.error) throw bodyValidationError(r.error, field, i);
          parsed.push(...(r.value as unknown[]));
        }
        body[field] = parsed;
      }
    },
  };
}

/** The issues of records `offset…` of `field`, as fastify's own validation error has them. */
function bodyValidationError(
  issues: FastifySchemaValidationError[],
  field: string,
  offset: number,
): Error {
  const at = (path: string, prefix: string) =>
    path.replace(
      new RegExp(`^${prefix}(\\d+)`),
      (_, i: string) => `${prefix}${field}/${Number(i) + offset}`,
    );
  const validation = issues.map((v) => ({
    ...v,
    instancePath: at(v.instancePath, '/'),
    schemaPath: at(v.schemaPath, '#/'),
  }));
  // The symbol that marks each issue as Zod's is kept by the spread above.
  return Object.assign(new Error(`body/${field} is invalid`), {
    validation,
    validationContext: 'body',
    statusCode: 400,
    code: 'FST_ERR_VALIDATION',
  });
}
