import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer (issue 18, item 6). The web app's policy allows only
 * what it loads from its own origin (scripts, styles, the API), images also as data: URIs
 * (the map's marker and layer icons are inlined by the build); an HTML report may hold
 * no script and load nothing at all (its styles and charts are inline). No page may be
 * framed (`frame-ancestors 'none'`, and `X-Frame-Options: DENY` for older browsers), and
 * no answer may be sniffed into another type.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const REPORT_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The API's other answers (JSON, exports, files): nothing to load, nothing to run, never framed. */
export const NONE_CSP = "default-src 'none'; frame-ancestors 'none'";

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // Chosen by path, not by type: the web app's page may come back as a 304 or from
    // @fastify/static without a content type set yet, and its policy must hold all the same.
    const path = request.url.split('?')[0]!;
    const api = path.startsWith('/api/') || path === '/openapi.json';
    const html = /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''));
    const csp = !api ? APP_CSP : html ? REPORT_CSP : NONE_CSP;
    void reply.headers({
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    return payload;
  });
}
