import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);

function isAddressOrRange(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const days = (fallback: number, min: number, max = 36_500) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * How long what grows outside the business data is kept, and how often it is
 * pruned (ADR 0020). Read by every service, and by `npm run retention` alone.
 */
export const RetentionConfigShape = {
  /** `off`: this process prunes nothing (another replica, or the `npm run retention` command, does). */
  RETENTION_PRUNING: z.enum(['on', 'off']).default('on'),
  RETENTION_PRUNE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
  /** Consumer inbox entries: longer than a dead letter can wait for its replay (checked below). */
  INBOX_RETENTION_DAYS: days(45, 2),
  /** The domain topics (residents, centres, …): projections are rebuilt from them, so kept for ever by default. */
  KAFKA_EVENTS_RETENTION_DAYS: z
    .string()
    .default('forever')
    .refine((v) => v === 'forever' || (/^\d{1,5}$/.test(v) && Number(v) >= 1 && Number(v) <= 36_500), {
      message: '"forever" or a number of days from 1 to 36500',
    })
    .transform((v) => (v === 'forever' ? null : Number(v))),
  /** Revocations: every process reads the topic at start; far longer than any access token lives. */
  KAFKA_IDENTITY_RETENTION_DAYS: days(14, 2),
  /** Audit facts on their way to the gateway's keeper: longer than the gateway can be down. */
  KAFKA_AUDIT_RETENTION_DAYS: days(14, 1),
  /** Dead letters: long enough for an operator to notice and replay them. */
  KAFKA_DEAD_LETTER_RETENTION_DAYS: days(30, 1),
};

type RetentionFields = {
  INBOX_RETENTION_DAYS: number;
  KAFKA_EVENTS_RETENTION_DAYS: number | null;
  KAFKA_DEAD_LETTER_RETENTION_DAYS: number;
};

/**
 * A replayed dead letter reaches every group of its topic again: the groups that
 * applied it must still find it in their inbox. And where the domain topics are
 * not kept for ever, a group that lost its offsets re-reads at most their
 * retention: the inbox must reach back as far.
 */
export function checkRetention(cfg: RetentionFields, ctx: z.core.$RefinementCtx): void {
  if (cfg.INBOX_RETENTION_DAYS <= cfg.KAFKA_DEAD_LETTER_RETENTION_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: ['INBOX_RETENTION_DAYS'],
      message:
        'must be longer than KAFKA_DEAD_LETTER_RETENTION_DAYS (a replayed dead letter must be deduplicated)',
    });
  const events = cfg.KAFKA_EVENTS_RETENTION_DAYS;
  if (events !== null && cfg.INBOX_RETENTION_DAYS < events)
    ctx.addIssue({
      code: 'custom',
      path: ['INBOX_RETENTION_DAYS'],
      message: 'must be at least KAFKA_EVENTS_RETENTION_DAYS (a re-read topic must be deduplicated)',
    });
}

export const RetentionConfigSchema = z.object(RetentionConfigShape).superRefine(checkRetention);
export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;

/** What every service reads from its environment. Local-mode defaults; production must name its clusters. */
export const BaseConfigSchema = z
  .object({
    ...RetentionConfigShape,
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    MONGO_URL: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// or mongodb+srv:// URL')
      .optional(),
    MONGO_DB_PREFIX: z
      .string()
      .regex(/^[a-z0-9_-]*$/, 'lower-case letters, digits, - and _')
      .default('anlao-'),
    KAFKA_BROKERS: z
      .string()
      .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'host:port[,host:port...]')
      .optional(),
    KAFKA_TOPIC_PREFIX: z
      .string()
      .regex(/^[a-z0-9._-]*$/, 'lower-case letters, digits, ., - and _')
      .default(''),
    TIME_ZONE: z.string().default('Asia/Shanghai'),
    /** PEM of the public key that verifies access tokens (ES256); or a file holding it. */
    AUTH_PUBLIC_KEY: z.string().optional(),
    AUTH_PUBLIC_KEY_FILE: z.string().min(1).optional(),
    AUTH_ISSUER: z.string().min(1).default('anlao'),
    AUTH_AUDIENCE: z.string().min(1).default('anlao-api'),
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    /**
     * Comma-separated addresses or CIDR ranges of the reverse proxies in front of this
     * process; only their `X-Forwarded-For` is believed. Empty: the socket's address is
     * the client's, whatever the headers say.
     */
    TRUSTED_PROXIES: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .refine((entries) => entries.every(isAddressOrRange), 'comma-separated IP addresses or CIDR ranges'),
    OUTBOX_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
    /** `off` keeps events in the outbox (a process that only serves reads, or crash tests). */
    OUTBOX_RELAY: z.enum(['on', 'off']).default('on'),
    KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(64).default(3),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
  })
  .superRefine((cfg, ctx) => {
    checkRetention(cfg, ctx);
    if (cfg.NODE_ENV === 'production') {
      if (!cfg.MONGO_URL)
        ctx.addIssue({ code: 'custom', path: ['MONGO_URL'], message: 'required in production' });
      if (!cfg.KAFKA_BROKERS)
        ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'required in production' });
    }
    if (!cfg.AUTH_PUBLIC_KEY && !cfg.AUTH_PUBLIC_KEY_FILE) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_PUBLIC_KEY'],
        message: 'AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE is required',
      });
    }
    const keySource = cfg.AUTH_PUBLIC_KEY ? 'AUTH_PUBLIC_KEY' : 'AUTH_PUBLIC_KEY_FILE';
    if (cfg.AUTH_PUBLIC_KEY || cfg.AUTH_PUBLIC_KEY_FILE) {
      try {
        const pem = cfg.AUTH_PUBLIC_KEY ?? readFileSync(cfg.AUTH_PUBLIC_KEY_FILE ?? '', 'utf8');
        if (createPublicKey(pem).asymmetricKeyType !== 'ec') throw new Error('not EC');
      } catch {
        ctx.addIssue({
          code: 'custom',
          path: [keySource],
          message: 'must be a readable PEM EC (P-256) public key',
        });
      }
    }
    try {
      new Intl.DateTimeFormat('en', { timeZone: cfg.TIME_ZONE });
    } catch {
      ctx.addIssue({ code: 'custom', path: ['TIME_ZONE'], message: 'not an IANA time zone' });
    }
  })
  .transform((cfg) => ({
    ...cfg,
    AUTH_PUBLIC_KEY:
      cfg.AUTH_PUBLIC_KEY ?? (cfg.AUTH_PUBLIC_KEY_FILE ? readFileSync(cfg.AUTH_PUBLIC_KEY_FILE, 'utf8') : ''),
    MONGO_URL: cfg.MONGO_URL ?? 'mongodb://127.0.0.1:27117',
    KAFKA_BROKERS: cfg.KAFKA_BROKERS ?? '127.0.0.1:19092',
  }));

export type BaseConfig = z.infer<typeof BaseConfigSchema>;

export interface ServiceConfig extends BaseConfig {
  /** Variables only this service reads, validated by its own schema (see `ServiceDefinition.extraConfig`). */
  extra: Record<string, unknown>;
  /** Service name: logs, event `source`, database name, Kafka client id. */
  SERVICE: string;
  PORT: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once at start. Messages name the variable and the rule,
 * never the value (a value may be a secret).
 */
export function loadConfig(
  service: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
  extraSchema?: z.ZodType<Record<string, unknown>>,
): ServiceConfig {
  const base = BaseConfigSchema.safeParse(env);
  const portResult = port.safeParse(env.PORT ?? defaultPort);
  const extra = extraSchema ? extraSchema.safeParse(env) : ({ success: true, data: {} } as const);
  const problems: string[] = [];
  for (const result of [base, extra]) {
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }
  if (!portResult.success) problems.push('PORT: an integer between 0 and 65535');
  if (problems.length > 0 || !base.success || !portResult.success || !extra.success)
    throw new ConfigError(problems);
  return { ...base.data, SERVICE: service, PORT: portResult.data, extra: extra.data };
}

export function databaseName(config: Pick<ServiceConfig, 'MONGO_DB_PREFIX' | 'SERVICE'>): string {
  return `${config.MONGO_DB_PREFIX}${config.SERVICE}`;
}
