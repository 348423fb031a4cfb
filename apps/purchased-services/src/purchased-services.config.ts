import { z } from 'zod';
import { parseSlaOverrides, type SlaOverrides } from '#anlao/events';
import { CardDigestKeySchema, type ServiceConfig } from '#anlao/platform';
import { JobsConfigSchema } from '#anlao/jobs';

/** Settings only purchased-services reads. One deployment serves one city: these are the city's. */
export const PurchasedServicesConfigSchema = z.object({
  /**
   * The city's service-level targets where they differ from the catalogue's defaults:
   * `emergency-assistance=20,meal-assistance=1440` (minutes from request to a worker on site).
   * Kept as text here (so parsing the parsed config again is harmless), checked at start.
   */
  SERVICE_SLA_MINUTES: z
    .string()
    .max(2000)
    .default('')
    .superRefine((text, ctx) => {
      const parsed = parseSlaOverrides(text);
      if ('problems' in parsed)
        for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** HMAC key shared with residents: a hotline's card number is found by its digest (ADR 0021). */
  CARD_DIGEST_KEY: CardDigestKeySchema,
  // The settlement job's runner (ADR 0019, 0027): JOBS_RUNNER=off on a replica that only serves.
  ...JobsConfigSchema.shape,
});

export interface PurchasedServicesConfig {
  slaOverrides: SlaOverrides;
  cardDigestKey: string;
}
export const PURCHASED_SERVICES_CONFIG = Symbol('anlao.purchased-services-config');

/** Parsed again: a config built without the extra schema still gets the defaults, or fails naming the missing key. */
export function purchasedServicesConfigOf(config: ServiceConfig): PurchasedServicesConfig {
  const extra = PurchasedServicesConfigSchema.parse(config.extra);
  const parsed = parseSlaOverrides(extra.SERVICE_SLA_MINUTES);
  return {
    slaOverrides: 'overrides' in parsed ? parsed.overrides : {},
    cardDigestKey: extra.CARD_DIGEST_KEY,
  };
}
