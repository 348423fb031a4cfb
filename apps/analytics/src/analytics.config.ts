import { z } from 'zod';
import type { ServiceConfig } from '#anlao/platform';

/** Settings only analytics reads (one deployment serves one city). */
export const AnalyticsConfigSchema = z.object({
  /** Counts of people below this are suppressed in reports (complementary suppression, ADR 0029). */
  SUPPRESSION_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** An elder of a priority group with no service for this many days is on the at-risk list. */
  AT_RISK_DAYS: z.coerce.number().int().min(1).max(366).default(30),
  /**
   * How often each process reads the generations document (ADR 0030): it follows a rebuild started
   * elsewhere, drives its own (progress, switch, clean-up) and stops a retired generation's consumers.
   */
  GENERATION_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /**
   * After a rebuild has read every topic up to its end at the start, how long it may take to also
   * catch up with the live groups before it switches anyway (under sustained load both move on).
   */
  REBUILD_SETTLE_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  /** Test-only failpoint `lane:journal|increments:step` (the crash tests); ignored unless NODE_ENV is test. */
  PROJECTION_FAULT: z
    .string()
    .regex(/^[a-z.-]+:(journal|increments):\d+$/)
    .optional(),
});

export type AnalyticsConfig = z.infer<typeof AnalyticsConfigSchema>;
export const ANALYTICS_CONFIG = Symbol('anlao.analytics-config');

/** Parsed again: a config built without the extra schema still gets the defaults. */
export function analyticsConfigOf(config: ServiceConfig): AnalyticsConfig {
  return AnalyticsConfigSchema.parse(config.extra);
}
