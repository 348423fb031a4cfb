import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, problemOf } from './errors.js';
import { replyWithProblem } from './problem.filter.js';

/**
 * Answers that Fastify or Node would otherwise write as `application/json` (or
 * as a 404 where 405 is right), before any Nest handler or filter can see the
 * request: over-long URLs and route parameters (414), oversized headers (431),
 * malformed URLs (400), and a known path asked with a method it does not serve
 * (405 with `Allow`).
 */

/** Longer URLs are refused with 414 before routing; far beyond any route and query of the platform. */
export const MAX_URL_LENGTH = 8_192;

/** Fastify's `frameworkErrors` option: errors its router raises before any hook runs. */
export function frameworkErrorHandler(
  error: Error & { code?: string },
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    replyWithProblem(
      request,
      reply,
      problemOf(414, 'request.uri-too-long', 'a path segment of the URL is too long'),
    );
  } else if (error.code === 'FST_ERR_BAD_URL') {
    replyWithProblem(request, reply, problemOf(400, 'request.bad-url', 'the URL is not valid'));
  } else {
    request.log.error({ err: error }, 'router error');
    replyWithProblem(
      request,
      reply,
      problemOf(500, 'internal', 'An unexpected error occurred; it has been logged.'),
    );
  }
}

/**
 * Fastify's `clientErrorHandler` option: errors of the HTTP parser, where there
 * is no request yet, so the answer is written to the socket (as Fastify does).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request.headers-too-large', 'the request line or headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request.timeout', 'the request was not received in time']
        : [400, 'request.malformed', 'the request is not valid HTTP'];
  const body = JSON.stringify(problemOf(status, code, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const CATCH_ALL = new Set(['*', '/*']);

/** A route's URL pattern as a matcher of concrete paths (`:param` one segment, `*` the rest). */
function matcherOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * Remembers every route as it is added and, for a request no route matches,
 * answers 405 with `Allow` when the path is served with other methods. Also
 * refuses over-long URLs with 414, and any request once the service is
 * closing with 503. Call before routes are added (before
 * `app.init()` for Nest's, before plugins for theirs).
 */
export function installEdgeChecks(fastify: FastifyInstance): void {
  const routes = new Map<string, { matcher: RegExp; methods: Set<string> }>();
  fastify.addHook('onRoute', (route) => {
    const entry = routes.get(route.url) ?? { matcher: matcherOf(route.url), methods: new Set<string>() };
    for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
    routes.set(route.url, entry);
  });
  // Fastify's own 503 while closing is plain JSON (`return503OnClosing: false` in createApp).
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    if (closing) {
      void reply.header('connection', 'close');
      replyWithProblem(
        request,
        reply,
        problemOf(503, 'service.closing', 'the service is shutting down; retry'),
      );
      return;
    }
    if (request.url.length > MAX_URL_LENGTH) {
      replyWithProblem(
        request,
        reply,
        problemOf(414, 'request.uri-too-long', `URLs are limited to ${MAX_URL_LENGTH} characters`),
      );
      return;
    }
    if (!request.is404) {
      done();
      return;
    }
    const path = request.url.split('?')[0] ?? '';
    const allowed = new Set<string>();
    let known = false;
    for (const [url, { matcher, methods }] of routes) {
      if (!matcher.test(path)) continue;
      for (const method of methods) allowed.add(method);
      // A catch-all (CORS preflight's `OPTIONS *`) says nothing about whether this path exists.
      known ||= !CATCH_ALL.has(url);
    }
    if (!known || allowed.has(request.method)) {
      done();
      return;
    }
    const allow = [...allowed].sort().join(', ');
    void reply.header('allow', allow);
    replyWithProblem(
      request,
      reply,
      problemOf(405, 'route.method-not-allowed', `${request.method} is not served here; allowed: ${allow}`),
    );
  });
}
