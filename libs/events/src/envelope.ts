import { z } from 'zod';

/** Dot-separated org-unit path, e.g. `210100.210102.210102001.210102001001` (city.district.street.community). */
export const OrgUnitPath = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/, 'an org-unit path of codes joined by dots');

export const EnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().regex(/^[a-z]+(-[a-z]+)*(\.[a-z]+(-[a-z]+)*)+$/, 'dot-case, past tense'),
  version: z.number().int().positive(),
  occurredAt: z.iso.datetime({ offset: false }),
  source: z.string().min(1).max(64),
  subject: z.string().min(1).max(200),
  orgUnit: OrgUnitPath,
  correlationId: z.string().min(1).max(128),
  causationId: z.string().min(1).max(128).nullable(),
  payload: z.unknown(),
});

export type RawEnvelope = z.infer<typeof EnvelopeSchema>;
