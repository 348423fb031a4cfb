import type { FastifyInstance } from 'fastify';
import { problemOf } from './errors.js';
import { replyWithProblem } from './problem.filter.js';

/**
 * Characters that have exactly one spelling in a canonical path: the unreserved
 * set of RFC 3986 §2.3, plus `/` and `\` whose encoded forms hide segment breaks.
 */
const MUST_BE_PLAIN = /^[A-Za-z0-9\-._~/\\]$/;
const PERCENT = /%(.{0,2})/g;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/**
 * Why a request target's path is not canonical, or `undefined` if it is.
 *
 * Routing, scope checks and audit all act on the path as written; a path that
 * decodes or normalises to another one (`/%61pi` → `/api`, `/a/./b` → `/a/b`,
 * `/a//b`) would let a caller reach a route while looking like another to
 * string matches. Refusing every alternative spelling leaves one path per
 * route. The query string is not checked here: validation owns it.
 */
export function nonCanonicalPathReason(url: string): string | undefined {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.startsWith('/')) return 'the path must start with /';
  if (path.includes('\\')) return 'backslashes are not allowed';
  for (const [, digits] of path.matchAll(PERCENT)) {
    if (!digits || !HEX_PAIR.test(digits)) return 'malformed percent-encoding';
    const code = parseInt(digits, 16);
    if (code < 0x20 || code === 0x7f) return 'encoded control characters are not allowed';
    if (MUST_BE_PLAIN.test(String.fromCharCode(code)))
      return `%${digits} must be written as the character itself`;
  }
  const segments = path.slice(1).split('/');
  for (const [index, segment] of segments.entries()) {
    if (segment === '.' || segment === '..') return 'dot segments are not allowed';
    // A trailing slash is one empty last segment, a spelling routes may accept; `//` is not.
    if (segment === '' && index < segments.length - 1) return 'empty segments (//) are not allowed';
  }
  return undefined;
}

/**
 * Answers every non-canonical path with 400 problem+json before any route,
 * guard or proxy sees it — in the gateway and in every service alike, so a
 * direct call to a service port cannot use a spelling the gateway refuses.
 */
export function refuseNonCanonicalPaths(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request, reply) => {
    const reason = nonCanonicalPathReason(request.url);
    if (!reason) return;
    replyWithProblem(
      request,
      reply,
      problemOf(400, 'request.non-canonical-path', `the request path is not canonical: ${reason}`),
    );
    return reply;
  });
}
