import cors from '@fastify/cors';
import proxy from '@fastify/http-proxy';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RevocationList, verifyAccessToken, type Principal } from '#anlao/auth';
import {
  DomainError,
  problemFromError,
  problemOf,
  replyWithProblem,
  type ServiceConfig,
} from '#anlao/platform';
import { gatewayConfigOf } from '../gateway.config.js';
import { presentedCredential } from './authorization.js';
import { registerRateLimits } from './rate-limits.js';
import { serveDashboard } from './dashboard.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/**
 * The gateway's edge, in front of Nest's routes and the proxied services: CORS,
 * caller identification (any presented token verified and checked against
 * revocations before a request is routed on, on every route), rate limits keyed by
 * nothing the caller chooses, body size limits (streamed bodies included), routing
 * of `/api/<service>/…`. Non-canonical paths never get here: `createApp` refuses
 * them in every service. The audit trail is kept by each service itself (the audit
 * interceptor of libs/auth), so a call through the gateway and a direct call are
 * audited alike.
 */
export async function configureGatewayEdge(
  app: NestFastifyApplication,
  config: ServiceConfig,
): Promise<void> {
  const gateway = gatewayConfigOf(config);
  const fastify = app.getHttpAdapter().getInstance();
  const revocations = app.get(RevocationList);

  // Errors raised by hooks and plugins (not by Nest handlers) answer as problem+json too.
  // Errors raised by hooks and plugins (not by Nest handlers) answer as problem+json too,
  // mapped exactly as Nest's filter maps them.
  fastify.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'gateway error');
    replyWithProblem(request, reply, problem);
  });

  await app.register(cors, {
    origin: gateway.corsOrigins.length > 0 ? gateway.corsOrigins : false,
    exposedHeaders: ['x-correlation-id', 'retry-after'],
  });

  // Every presented credential is checked on every route, public ones included: a
  // revoked or forged token is refused wherever it is shown, never taken as anonymous.
  const refusals = new WeakMap<FastifyRequest, DomainError>();
  const identify = (request: FastifyRequest): void => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (length > config.BODY_LIMIT_BYTES) {
      throw new DomainError(
        'too-large',
        'request.too-large',
        `bodies are limited to ${config.BODY_LIMIT_BYTES} bytes`,
      );
    }
    const credential = presentedCredential(request.headers.authorization);
    if (credential.kind === 'none') return;
    if (credential.kind !== 'bearer') {
      refusals.set(request, unusableCredential(credential.kind));
      return;
    }
    try {
      request.principal = verifyAccessToken(
        credential.token,
        { publicKey: config.AUTH_PUBLIC_KEY, issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE },
        revocations,
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusals.set(request, error);
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

  // Route-level onRequest hooks (the rate limit) run after the hook above, so a
  // refused credential is answered only after it has spent its address's budget.
  await registerRateLimits(app, gateway);
  if (!(await serveDashboard(app, gateway.DASHBOARD_DIR)))
    fastify.log.warn(
      { dir: gateway.DASHBOARD_DIR },
      'dashboard not built (npm run build:dashboard): / answers 404, the API is unaffected',
    );
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    const refusal = refusals.get(request);
    if (refusal) done(refusal);
    else done(null, payload);
  });

  // Proxied bodies are read whole, within BODY_LIMIT_BYTES, before anything is sent
  // upstream: a chunked body without a length is held to the same limit (413) as one
  // with a length, and an upstream never sees a request the gateway refused.
  await app.register(async (scope: FastifyInstance) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    for (const [name, upstream] of Object.entries(gateway.services)) {
      await scope.register(proxy, {
        upstream,
        prefix: `/api/${name}`,
        rewritePrefix: '',
        proxyPayloads: false,
        handler: (request, reply, dest, options) =>
          reply.from(
            dest,
            Buffer.isBuffer(request.body)
              ? withBody(options, request.body, request.headers['content-type'])
              : options,
          ),
        replyOptions: {
          rewriteRequestHeaders: (request, headers) =>
            upstreamHeaders(headers, String(request.id), request.headers.authorization),
          onError: (reply, { error }) => {
            reply.log.warn({ service: name, err: error.message }, 'upstream failed');
            replyWithProblem(
              reply.request as FastifyRequest,
              reply as FastifyReply,
              problemOf(502, 'upstream.unavailable', `the ${name} service is not answering`),
            );
          },
        },
      });
    }
  });
}

function unusableCredential(kind: 'malformed' | 'unsupported-scheme'): DomainError {
  return kind === 'unsupported-scheme'
    ? new DomainError('unauthenticated', 'auth.unsupported-scheme', 'only Bearer access tokens are accepted')
    : new DomainError('unauthenticated', 'auth.invalid-token', 'the Authorization header is malformed');
}

/** The caller's body as the gateway read it, sent on byte for byte (never re-encoded). */
function withBody<T extends object>(options: T, body: Buffer, contentType: string | undefined): T {
  return { ...options, body, contentType: contentType ?? 'application/octet-stream' };
}

/**
 * What a service receives: the gateway's checked correlation id and the verified
 * token in its canonical spelling, so no service depends on reading a caller's
 * header the way the gateway did.
 */
function upstreamHeaders<T extends object>(
  headers: T,
  correlationId: string,
  authorization: string | string[] | undefined,
): T {
  const credential = presentedCredential(authorization);
  return {
    ...headers,
    'x-correlation-id': correlationId,
    ...(credential.kind === 'bearer' ? { authorization: `Bearer ${credential.token}` } : {}),
  };
}
