import cors from '@fastify/cors';
import proxy from '@fastify/http-proxy';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { RevocationList, verifyAccessToken, type Principal } from '#anlao/auth';
import {
  DomainError,
  PROBLEM_CONTENT_TYPE,
  problemFromDomainError,
  problemOf,
  type ServiceConfig,
} from '#anlao/platform';
import { AuditLog } from '../audit/audit.service.js';
import { gatewayConfigOf } from '../gateway.config.js';
import { CredentialsRepository } from '../identity/credentials.repository.js';
import { auditedAction } from './audit-rules.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

function sendProblem(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: ReturnType<typeof problemOf>,
): void {
  void reply
    .status(problem.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send({ ...problem, instance: request.url.split('?')[0], correlationId: String(request.id) });
}

/**
 * The gateway's edge, in front of Nest's routes and the proxied services: CORS,
 * caller identification (tokens verified and checked against revocations before a
 * request is routed on), per-caller rate limits, body size limits, routing of
 * `/api/<service>/…`, and the audit trail of every write.
 */
export async function configureGatewayEdge(
  app: NestFastifyApplication,
  config: ServiceConfig,
): Promise<void> {
  const gateway = gatewayConfigOf(config);
  const fastify = app.getHttpAdapter().getInstance();
  const revocations = app.get(RevocationList);
  const audit = app.get(AuditLog);
  const credentials = app.get(CredentialsRepository);

  // Errors raised by hooks and plugins (not by Nest handlers) answer as problem+json too.
  fastify.setErrorHandler((error: FastifyError & { retryAfterSeconds?: number }, request, reply) => {
    if (error instanceof DomainError) return sendProblem(reply, request, problemFromDomainError(error));
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status === 429)
      return sendProblem(reply, request, problemOf(429, 'request.rate-limited', error.message));
    if (status === 413)
      return sendProblem(
        reply,
        request,
        problemOf(413, 'request.too-large', 'the request body is too large'),
      );
    if (status >= 500) request.log.error({ err: error }, 'gateway error');
    sendProblem(
      reply,
      request,
      problemOf(
        status,
        status >= 500 ? 'internal' : 'request.invalid',
        status >= 500 ? 'an unexpected error occurred' : error.message,
      ),
    );
  });

  await app.register(cors, {
    origin: gateway.corsOrigins.length > 0 ? gateway.corsOrigins : false,
    exposedHeaders: ['x-correlation-id', 'retry-after'],
  });

  const identify = (request: FastifyRequest): void => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > config.BODY_LIMIT_BYTES) {
      throw new DomainError(
        'too-large',
        'request.too-large',
        `bodies are limited to ${config.BODY_LIMIT_BYTES} bytes`,
      );
    }
    const header = request.headers.authorization;
    if (request.url.startsWith('/api/') && header?.startsWith('Bearer ')) {
      request.principal = verifyAccessToken(
        header.slice(7),
        { publicKey: config.AUTH_PUBLIC_KEY, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE },
        revocations,
      );
    }
  };
  fastify.addHook('onRequest', (request, _reply, done) => {
    try {
      identify(request);
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  await app.register(rateLimit, {
    global: true,
    max: gateway.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Probes must never be throttled.
    allowList: (request) => request.url.startsWith('/health'),
    keyGenerator: (request) => request.principal?.subject ?? bearerKey(request) ?? request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `more than ${context.max} requests per minute; retry after ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  for (const [name, upstream] of Object.entries(gateway.services)) {
    await app.register(proxy, {
      upstream,
      prefix: `/api/${name}`,
      rewritePrefix: '',
      replyOptions: {
        rewriteRequestHeaders: (request, headers) => ({ ...headers, 'x-correlation-id': String(request.id) }),
        onError: (reply, { error }) => {
          reply.log.warn({ service: name, err: error.message }, 'upstream failed');
          sendProblem(
            reply as FastifyReply,
            reply.request as FastifyRequest,
            problemOf(502, 'upstream.unavailable', `the ${name} service is not answering`),
          );
        },
      },
    });
  }

  fastify.addHook('onResponse', async (request, reply) => {
    const action = auditedAction(request.method, request.url);
    if (!action) return;
    const principal = request.principal;
    await audit
      .record({
        action,
        actor: principal ?? { kind: 'anonymous', subject: null },
        orgUnit: await orgUnitOfCaller(credentials, principal),
        target: `${request.method} ${request.url.split('?')[0]}`,
        outcome: String(reply.statusCode),
        correlationId: String(request.id),
      })
      .catch((error: unknown) => request.log.error({ err: error }, 'audit write failed'));
  });
}

/** Unverified callers are limited per presented token, so one bad client cannot starve others behind a NAT. */
function bearerKey(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? `t:${header.slice(-24)}` : undefined;
}

async function orgUnitOfCaller(
  credentials: CredentialsRepository,
  principal: Principal | undefined,
): Promise<string> {
  if (!principal) return 'anonymous';
  if (principal.kind === 'staff') return principal.orgUnit;
  return (await credentials.findClient(principal.subject))?.orgUnit ?? 'unknown';
}
