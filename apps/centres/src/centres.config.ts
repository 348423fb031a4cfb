import { z } from 'zod';
import { CardDigestKeySchema, type ServiceConfig } from '#anlao/platform';
import { DEFAULT_LATE_WINDOW_DAYS } from './visits/visit-rules.js';

/** Settings only centres reads. One deployment serves one city: these are the city's. */
export const CentresConfigSchema = z.object({
  /** Visits whose check-in is older than this many days are refused (`visit.too-late`). */
  VISIT_LATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(366).default(DEFAULT_LATE_WINDOW_DAYS),
  /** HMAC key shared with residents: a swiped number is found by its digest, as card events carry it (ADR 0021). */
  CARD_DIGEST_KEY: CardDigestKeySchema,
  /**
   * A visit intent still unsealed after this long belongs to a request that died: it is sealed
   * from what the store holds (ADR 0024). Far above any request's duration, so a live one is never raced.
   */
  VISIT_BATCH_RECOVERY_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  /**
   * Test-only failpoint `after-insert:n`: the n-th request that stores visits kills the process
   * (SIGKILL) after storing them and before sealing their intent (the kill test). Ignored unless
   * NODE_ENV is test.
   */
  VISIT_FAULT: z
    .string()
    .regex(/^after-insert:\d+$/)
    .optional(),
});

export type CentresConfig = z.infer<typeof CentresConfigSchema>;
export const CENTRES_CONFIG = Symbol('anlao.centres-config');

/** Parsed again: a config built without the extra schema still gets the defaults, or fails naming the missing key. */
export function centresConfigOf(config: ServiceConfig): CentresConfig {
  return CentresConfigSchema.parse(config.extra);
}
