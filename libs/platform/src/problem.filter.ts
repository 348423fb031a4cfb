import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainError,
  type FieldProblem,
  PROBLEM_CONTENT_TYPE,
  type ProblemDetails,
  problemFromDomainError,
  problemOf,
} from './errors.js';

/** Codes for errors raised by the framework rather than by our use cases. */
const HTTP_CODES: Record<number, string> = {
  400: 'request.invalid',
  401: 'auth.unauthenticated',
  403: 'auth.forbidden',
  404: 'route.not-found',
  405: 'route.method-not-allowed',
  408: 'request.timeout',
  413: 'request.too-large',
  414: 'request.uri-too-long',
  415: 'request.unsupported-media-type',
  429: 'request.rate-limited',
  431: 'request.headers-too-large',
};

/**
 * Sends a problem: status, `application/problem+json`, the path as `instance`
 * (never the query), the correlation id, and `Retry-After` for a 429 that says
 * when. The one way every layer — Nest's filter, Fastify hooks, the gateway's
 * edge — answers an error.
 */
export function replyWithProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: ProblemDetails,
): void {
  const answer: ProblemDetails = {
    ...problem,
    instance: (request.url ?? '').split('?')[0]?.slice(0, 200),
    correlationId: String(request.id),
  };
  if (answer.status === 429 && typeof answer.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(answer.retryAfterSeconds));
  }
  void reply.status(answer.status).header('content-type', PROBLEM_CONTENT_TYPE).send(answer);
}

/** Turns every error into an RFC 9457 problem+json answer. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetailsFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const problem = problemFromError(exception);
    if (problem.status >= 500) {
      this.logger.error(
        `unhandled error on ${request.method} ${request.url.split('?')[0]}: ${(exception as Error)?.name ?? 'unknown'}`,
        (exception as Error)?.stack,
      );
    }
    replyWithProblem(request, reply, problem);
  }
}

/**
 * The problem any error stands for: a domain error by its kind, an HTTP or
 * Fastify error by its status. One mapping for Nest's filter and for errors raised
 * in Fastify hooks and plugins (the gateway's edge).
 */
export function problemFromError(exception: unknown): ProblemDetails {
  if (exception instanceof DomainError) return problemFromDomainError(exception);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (isProblem(response)) return response;
    if (isHealthReport(response)) {
      // Readiness answers 503 with what is down, for probes and people alike.
      return {
        ...problemOf(status, 'health.not-ready', 'a dependency is not ready'),
        checks: response.details,
      };
    }
    const code = HTTP_CODES[status] ?? (status >= 500 ? 'internal' : 'request.failed');
    const message =
      typeof response === 'object' && response !== null && 'message' in response
        ? response.message
        : exception.message;
    return problemOf(status, code, Array.isArray(message) ? message.join('; ') : String(message));
  }
  const statusCode = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    // Fastify's own errors (body too large, bad JSON, wrong content type).
    const code = HTTP_CODES[statusCode] ?? 'request.invalid';
    return problemOf(statusCode, code, (exception as Error).message);
  }
  return problemOf(500, 'internal', 'An unexpected error occurred; it has been logged.');
}

function isHealthReport(value: unknown): value is { status: string; details: Record<string, unknown> } {
  return (
    typeof value === 'object' && value !== null && 'details' in value && 'status' in value && 'error' in value
  );
}

function isProblem(value: unknown): value is ProblemDetails {
  return (
    typeof value === 'object' && value !== null && 'type' in value && 'code' in value && 'status' in value
  );
}

/** The validation pipe's answer: every bad field, by path, in one 400. */
export function validationProblem(errors: FieldProblem[]): HttpException {
  return new HttpException(
    problemOf(400, 'request.invalid', `${errors.length} invalid field(s)`, errors),
    400,
  );
}
