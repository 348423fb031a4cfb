import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { ServiceConfig } from '#anlao/platform';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const DEFAULT_SERVICE_URLS =
  'residents=http://127.0.0.1:3001,centres=http://127.0.0.1:3002,purchased-services=http://127.0.0.1:3003,interventions=http://127.0.0.1:3004,analytics=http://127.0.0.1:3005';

/** How long the gateway keeps its audit log and expired sessions (ADR 0020); also read by `npm run retention`. */
export const GatewayRetentionConfigShape = {
  /**
   * Whole days an audit entry is kept before pruning: ten years by default; never under
   * 180 (network logs are kept at least six months, PRC Cybersecurity Law art. 21).
   */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180).max(36_500).default(3650),
  /** Whole days a refresh session is kept after it expired (a replayed old token still revokes). */
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
};

/** What only the gateway reads. */
export const GatewayConfigSchema = z
  .object({
    /** PEM of the ES256 private key that signs access tokens; only the gateway has it. */
    AUTH_PRIVATE_KEY: z.string().optional(),
    AUTH_PRIVATE_KEY_FILE: z.string().optional(),
    ACCESS_TOKEN_TTL_SECONDS: seconds(600),
    REFRESH_TOKEN_TTL_SECONDS: seconds(8 * 3600),
    CLIENT_TOKEN_TTL_SECONDS: seconds(600),
    LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
    LOCKOUT_SECONDS: seconds(900),
    /** `name=url` pairs: where `/api/<name>/…` is routed. */
    SERVICE_URLS: z
      .string()
      .regex(
        /^[a-z-]+=https?:\/\/[^,\s]+(,[a-z-]+=https?:\/\/[^,\s]+)*$/,
        'name=http://host:port[,name=url...]',
      )
      .default(DEFAULT_SERVICE_URLS),
    /** The built dashboard (`npm run build:dashboard`), served at `/`; absent, the API runs without it. */
    DASHBOARD_DIR: z.string().default(resolve('dist/dashboard')),
    /** Comma-separated origins allowed by CORS; empty allows none. */
    CORS_ORIGINS: z.string().default(''),
    /** Requests per minute per verified caller, or per client address for everyone else. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
    /** Sign-in attempts per minute for one username, from all addresses together. */
    SIGN_IN_PER_USERNAME_PER_MINUTE: z.coerce.number().int().positive().default(10),
    ...GatewayRetentionConfigShape,
  })
  .superRefine((cfg, ctx) => {
    const path = cfg.AUTH_PRIVATE_KEY ? 'AUTH_PRIVATE_KEY' : 'AUTH_PRIVATE_KEY_FILE';
    try {
      const pem = cfg.AUTH_PRIVATE_KEY ?? readFileSync(cfg.AUTH_PRIVATE_KEY_FILE ?? '', 'utf8');
      if (createPrivateKey(pem).asymmetricKeyType !== 'ec') throw new Error('not EC');
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: [path],
        message: 'a readable PEM EC (P-256) private key is required',
      });
    }
  })
  .transform((cfg) => ({
    ...cfg,
    AUTH_PRIVATE_KEY: cfg.AUTH_PRIVATE_KEY ?? readFileSync(cfg.AUTH_PRIVATE_KEY_FILE ?? '', 'utf8'),
    services: Object.fromEntries(
      cfg.SERVICE_URLS.split(',').map((pair) => pair.split('=') as [string, string]),
    ),
    corsOrigins: cfg.CORS_ORIGINS.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  }));

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;

export const GATEWAY_CONFIG = Symbol('anlao.gateway-config');

export function gatewayConfigOf(config: ServiceConfig): GatewayConfig {
  return config.extra as GatewayConfig;
}
