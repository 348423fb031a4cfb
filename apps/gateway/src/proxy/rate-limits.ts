import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '#anlao/platform';
import type { GatewayConfig } from '../gateway.config.js';
import { isDashboardFile } from './dashboard.js';

const MINUTE = 60_000;

/**
 * Whose budget a request spends. Nothing the caller writes picks it: a verified
 * principal's subject, else the client address (which `X-Forwarded-For` can only
 * change through a proxy listed in `TRUSTED_PROXIES`). Unverifiable tokens are
 * not a key: they spend their address's budget and are refused after it.
 */
export function rateLimitKey(request: Pick<FastifyRequest, 'principal' | 'ip'>): string {
  return request.principal ? `p:${request.principal.subject}` : `a:${request.ip}`;
}

/** The username a sign-in attempt is for, as accounts store it (lower case), hashed to bound the key. */
export function signInUsernameKey(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const username = (body as { username?: unknown }).username;
  if (typeof username !== 'string' || username.length === 0) return undefined;
  return `u:${createHash('sha256').update(username.toLowerCase()).digest('base64url')}`;
}

/**
 * Per-caller limits on every route (health probes excepted), and a second,
 * tighter limit on sign-in per username across all addresses: guessing one
 * account's password from many addresses is slowed before the lockout trips.
 */
export async function registerRateLimits(
  app: NestFastifyApplication,
  gateway: Pick<GatewayConfig, 'RATE_LIMIT_PER_MINUTE' | 'SIGN_IN_PER_USERNAME_PER_MINUTE'>,
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: gateway.RATE_LIMIT_PER_MINUTE,
    timeWindow: MINUTE,
    // Probes must never be throttled; nor the dashboard's static files, shared by a whole office's address.
    allowList: (request) =>
      request.url === '/health' || request.url.startsWith('/health/') || isDashboardFile(request.url),
    keyGenerator: rateLimitKey,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      message: `more than ${context.max} requests per minute; retry after ${Math.ceil(context.ttl / 1000)} s`,
    }),
  });

  const fastify = app.getHttpAdapter().getInstance();
  const perUsername = fastify.createRateLimit({
    max: gateway.SIGN_IN_PER_USERNAME_PER_MINUTE,
    timeWindow: MINUTE,
    allowList: () => false,
    keyGenerator: (request) => signInUsernameKey(request.body) ?? '',
  });
  // After the body is parsed (the username is in it), before the handler checks the password.
  fastify.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.url !== '/auth/sign-in') return;
    if (!signInUsernameKey(request.body)) return;
    const limit = await perUsername(request);
    if (limit.isAllowed || !limit.isExceeded) return;
    void reply.header('retry-after', String(limit.ttlInSeconds));
    throw new DomainError(
      'too-many-requests',
      'auth.sign-in-rate-limited',
      `more than ${limit.max} sign-in attempts per minute for this username; retry after ${limit.ttlInSeconds} s`,
    );
  });
}
