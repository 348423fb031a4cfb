import { z } from 'zod';
import type { ServiceConfig } from '#anlao/platform';

/** Settings only analytics reads (one deployment serves one city). */
export const AnalyticsConfigSchema = z.object({
  /** Counts of people below this are suppressed in reports (complementary suppression, ADR 0029). */
  SUPPRESSION_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** An elder of a priority group with no service for this many days is on the at-risk list. */
  AT_RISK_DAYS: z.coerce.number().int().min(1).max(366).default(30),
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
