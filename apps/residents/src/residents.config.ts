import { z } from 'zod';
import { JobsConfigSchema } from '#anlao/jobs';
import { CardDigestKeySchema, isCalendarDay, type ServiceConfig } from '#anlao/platform';

const key32 = (name: string) =>
  z
    .string({ message: `${name} is required` })
    .refine((v) => Buffer.from(v, 'base64').length === 32, `${name} must be 32 random bytes, base64-encoded`);

/** Secrets only the residents service holds: they protect national ID numbers at rest. */
export const ResidentsConfigSchema = z.object({
  /** HMAC key: ID numbers are found by exact match through a keyed hash, never stored in clear. */
  RESIDENT_ID_HASH_KEY: key32('RESIDENT_ID_HASH_KEY'),
  /** AES-256-GCM key: the ID number itself, stored encrypted for the roles that must see it whole. */
  RESIDENT_DATA_KEY: key32('RESIDENT_DATA_KEY'),
  /** HMAC key shared with centres: card events carry a digest of the printed number, never the number (ADR 0021). */
  CARD_DIGEST_KEY: CardDigestKeySchema,
  /** `off` disables the daily eligibility job (a second replica, or tests that drive it themselves). */
  ELIGIBILITY_DAILY_JOB: z.enum(['on', 'off']).default('on'),
  /**
   * The first day the daily job assesses on its very first run (it then catches up
   * through today); unset: today. Ignored once a day has been completed.
   */
  ELIGIBILITY_DAILY_FIRST_DAY: z
    .string()
    .refine(isCalendarDay, 'ELIGIBILITY_DAILY_FIRST_DAY must be a calendar day YYYY-MM-DD')
    .optional(),
  // Background jobs (credit runs, reassessments, imports): JOBS_RUNNER, JOBS_POLL_MS, … (libs/jobs).
  ...JobsConfigSchema.shape,
});

export type ResidentsConfig = z.infer<typeof ResidentsConfigSchema>;
export const RESIDENTS_CONFIG = Symbol('anlao.residents-config');

export function residentsConfigOf(config: ServiceConfig): ResidentsConfig {
  return config.extra as ResidentsConfig;
}
