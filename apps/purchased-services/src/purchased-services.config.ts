import { z } from 'zod';
import { parseSlaOverrides, type SlaOverrides } from '#anlao/events';
import type { ServiceConfig } from '#anlao/platform';

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
});

export interface PurchasedServicesConfig {
  slaOverrides: SlaOverrides;
}
export const PURCHASED_SERVICES_CONFIG = Symbol('anlao.purchased-services-config');

/** Parsed again: a config built without the extra schema still gets the defaults. */
export function purchasedServicesConfigOf(config: ServiceConfig): PurchasedServicesConfig {
  const text = PurchasedServicesConfigSchema.parse(config.extra).SERVICE_SLA_MINUTES;
  const parsed = parseSlaOverrides(text);
  return { slaOverrides: 'overrides' in parsed ? parsed.overrides : {} };
}
