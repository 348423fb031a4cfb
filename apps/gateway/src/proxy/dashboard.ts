import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/** Where the dashboard's hashed files are served from; `index.html` is served at `/`. */
export const DASHBOARD_ASSETS_PREFIX = '/assets/';

/** The dashboard's files cost nothing to serve and are shared by everyone behind one address: no rate limit. */
export function isDashboardFile(url: string): boolean {
  return url === '/' || url.startsWith(DASHBOARD_ASSETS_PREFIX) || url === '/favicon.ico';
}

// Same origin as the API, so the pages need no CORS and no third-party origin at all. Element Plus
// positions popups with style attributes, hence 'unsafe-inline' for styles only (never for scripts).
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built dashboard (apps/dashboard, built into `dir`): `index.html` at `/`, its hashed files
 * under `/assets/` (read at request time, so a rebuilt dashboard is served without a restart; an
 * unknown file answers the API's 404 problem). Hashed files are cached for a year, `index.html` is
 * revalidated on every load so a new release is picked up at once. Returns false when the dashboard
 * is not built (the API works without it).
 */
export async function serveDashboard(app: NestFastifyApplication, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onSend', async (request, reply) => {
      void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      void reply.header(
        'cache-control',
        request.url.startsWith(DASHBOARD_ASSETS_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    });
    await scope.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: DASHBOARD_ASSETS_PREFIX,
      index: false,
      cacheControl: false,
      dotfiles: 'deny',
    });
    scope.get('/', (_request, reply) => reply.sendFile('index.html', dir));
  });
  return true;
}
