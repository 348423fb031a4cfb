import { z } from 'zod';
import { OrgUnitPath } from './envelope.js';

/**
 * Payload schemas. Rule: ids and coded facts only, never a name, phone or ID number.
 * A changed meaning is a new versioned schema next to the old one, never an edit.
 */
export const CentreKind = z.enum(['day-care', 'service-centre', 'activity-room', 'canteen']);
export type CentreKind = z.infer<typeof CentreKind>;

export const VisitActivity = z.enum([
  'meal',
  'rehabilitation',
  'recreation',
  'health-check',
  'training',
  'day-care',
]);
export type VisitActivity = z.infer<typeof VisitActivity>;

export const CentreRegisteredV1 = z.object({
  centreId: z.string().min(1).max(64),
  kind: CentreKind,
  communityPath: OrgUnitPath,
  capacity: z.number().int().nonnegative(),
});

/** Tokens of this subject with a credential version below `minVersion` are refused from now on. */
export const CredentialsRevokedV1 = z.object({
  subjectId: z.string().min(1).max(64),
  subjectKind: z.enum(['staff', 'api-client']),
  minVersion: z.number().int().positive(),
  reason: z.enum(['signed-out', 'password-changed', 'secret-rotated', 'revoked', 'disabled', 'locked']),
});

export const VisitRecordedV1 = z.object({
  visitId: z.string().min(1).max(64),
  centreId: z.string().min(1).max(64),
  residentId: z.string().min(1).max(64),
  activity: VisitActivity,
  checkInAt: z.iso.datetime({ offset: false }),
  checkOutAt: z.iso.datetime({ offset: false }).nullable(),
});
