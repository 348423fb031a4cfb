import { z } from 'zod';
import { OrgUnitPath } from './envelope.js';
import { ELIGIBILITY_CATEGORY_CODE, PriorityGroup, ServiceType } from './service-catalogue.js';

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
  /** Additive (optional for events written before it): the social organisation running it. */
  operatorId: z.string().min(1).max(64).nullable().optional(),
  activities: z.array(VisitActivity).max(VisitActivity.options.length).optional(),
  communityOnly: z.boolean().optional(),
});

/** The centre's coded facts after a change (a whole snapshot: a consumer needs no earlier event). */
export const CentreUpdatedV1 = z.object({
  centreId: z.string().min(1).max(64),
  kind: CentreKind,
  communityPath: OrgUnitPath,
  capacity: z.number().int().nonnegative(),
  operatorId: z.string().min(1).max(64).nullable(),
  activities: z.array(VisitActivity).max(VisitActivity.options.length),
  communityOnly: z.boolean(),
});

export const CentreDeactivationReason = z.enum(['closed', 'merged', 'suspended', 'relocated', 'other']);
export type CentreDeactivationReason = z.infer<typeof CentreDeactivationReason>;

/** The centre stops: it reports no more visits and gets no new API client. */
export const CentreDeactivatedV1 = z.object({
  centreId: z.string().min(1).max(64),
  communityPath: OrgUnitPath,
  reason: CentreDeactivationReason,
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

/** A check-out reported after its check-in: closes the open visit of that centre's visit id. */
export const VisitCheckedOutV1 = z.object({
  visitId: z.string().min(1).max(64),
  centreId: z.string().min(1).max(64),
  residentId: z.string().min(1).max(64),
  checkInAt: z.iso.datetime({ offset: false }),
  checkOutAt: z.iso.datetime({ offset: false }),
});

export const VisitVoidReason = z.enum([
  'entered-in-error',
  'wrong-resident',
  'not-attended',
  'duplicate-entry',
  'other',
]);
export type VisitVoidReason = z.infer<typeof VisitVoidReason>;

/** Staff corrected a recorded visit: it no longer counts anywhere (projections subtract it). */
export const VisitVoidedV1 = z.object({
  visitId: z.string().min(1).max(64),
  centreId: z.string().min(1).max(64),
  residentId: z.string().min(1).max(64),
  activity: VisitActivity,
  checkInAt: z.iso.datetime({ offset: false }),
  reason: VisitVoidReason,
});

const id = z.string().min(1).max(64);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const month = z.string().regex(/^\d{4}-\d{2}$/);
const fen = z.number().int();

export const OrgUnitCreatedV1 = z.object({
  code: z.string().min(1).max(32),
  name: z.string().min(1).max(100),
  level: z.enum(['city', 'district', 'street', 'community']),
  parentCode: z.string().min(1).max(32).nullable(),
  path: OrgUnitPath,
});

/** Coded facts only: no name, ID number, phone, address or exact birth date. */
const ResidentFacts = z.object({
  residentId: id,
  communityPath: OrgUnitPath,
  sex: z.enum(['male', 'female']),
  birthYearMonth: month,
  hukou: z.enum(['urban', 'rural']),
  livingArrangement: z.enum(['alone', 'with-partner', 'with-children', 'other']),
  familyStatus: z.enum(['shidu', 'empty-nest', 'ordinary']),
  economicStatus: z.enum(['dibao', 'special-hardship', 'ordinary']),
  selfCare: z.enum(['independent', 'partly-dependent', 'dependent']),
});
export const ResidentRegisteredV1 = ResidentFacts;
export const ResidentUpdatedV1 = ResidentFacts.extend({ changed: z.array(z.string().max(40)).max(20) });
export const ResidentMovedV1 = z.object({ residentId: id, fromPath: OrgUnitPath, toPath: OrgUnitPath });
export const ResidentDiedV1 = z.object({ residentId: id, communityPath: OrgUnitPath, diedOn: day });

export const EligibilityAssessedV1 = z.object({
  residentId: id,
  communityPath: OrgUnitPath,
  categories: z.array(z.string().max(40)),
  previousCategories: z.array(z.string().max(40)),
  ruleSetVersion: z.string().max(40),
  assessedOn: day,
  trigger: z.enum(['registered', 'changed', 'age', 'rule-set']),
});

/**
 * A published eligibility rule set (city-wide; never edited, a change is a new version).
 * The rules as data: category codes and amounts, no free-text descriptions and nobody's data.
 */
export const EligibilityRuleSetPublishedV1 = z.object({
  version: z.string().min(1).max(40),
  effectiveFrom: day,
  unusedBalance: z.enum(['expire', 'carry-over']),
  categories: z
    .array(
      z.object({
        code: z.string().min(1).max(40),
        basicCareFen: fen.nonnegative(),
        livingServicesFen: fen.nonnegative(),
        freeExperienceServices: z.number().int().nonnegative(),
      }),
    )
    .min(1)
    .max(20),
});

/**
 * A keyed digest of the printed card number, `HMAC-SHA256(CARD_DIGEST_KEY, number)` in
 * base64url (43 characters; `cardDigest` in libs/platform), optional and additive: centres
 * map a card swipe to its resident by digesting the swiped number with the same key (their
 * residents read model, ADR 0021). The number itself never travels on the bus. Absent from
 * events written before it was added; such a card cannot be swiped at a centre until reissued.
 */
const cardDigest = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export const CardIssuedV1 = z.object({ residentId: id, cardId: id, cardDigest: cardDigest.optional() });
export const CardSuspendedV1 = z.object({ residentId: id, cardId: id });
export const CardReplacedV1 = z.object({
  residentId: id,
  oldCardId: id,
  newCardId: id,
  reason: z.enum(['lost']),
  /** The new card's number digest (see `cardDigest` above). */
  newCardDigest: cardDigest.optional(),
});

export const WalletCreditedV1 = z.object({
  residentId: id,
  month,
  ruleSetVersion: z.string().max(40),
  basicCareFen: fen,
  livingServicesFen: fen,
  expiredFen: fen,
});
export const WalletDebitedV1 = z.object({
  residentId: id,
  orderId: id,
  serviceType: z.string().max(40),
  part: z.enum(['basic-care', 'living-services']),
  paidFen: fen,
  copaymentFen: fen,
  /**
   * The category's free experience service (issue [7/11]): the subsidy paid the whole price and
   * the wallet's balance was not touched. Absent in events written before it existed.
   */
  freeExperience: z.boolean().default(false),
});
export const WalletDebitRejectedV1 = z.object({
  residentId: id,
  orderId: id,
  reason: z.enum(['unknown-resident', 'resident-deceased', 'service-not-covered', 'invalid-amount']),
});

/** Published by purchased-services (roadmap item 5) when a home service has been delivered. */
export const ServiceDeliveredV1 = z.object({
  orderId: id,
  residentId: id,
  serviceType: z.string().min(1).max(40),
  amountFen: fen.nonnegative(),
  deliveredAt: z.iso.datetime({ offset: false }),
  providerId: id,
  contractId: id,
});

/**
 * One audited call or action, recorded by the service that served it (`source`
 * of the envelope). Ids, codes and route templates only: never names, ID
 * numbers, card numbers or request bodies.
 */
export const AuditRecordedV1 = z.object({
  action: z.string().regex(/^[a-z-]+(\.[a-z-]+)+$/),
  auditClass: z.enum(['personal-read', 'bulk-personal-read', 'write', 'admin', 'auth']),
  actor: z.object({
    kind: z.enum(['staff', 'centre', 'organisation', 'anonymous']),
    id: z.string().min(1).max(100).nullable(),
    role: z.string().min(1).max(40).nullable(),
    via: z.string().min(1).max(100).nullable(),
  }),
  route: z.string().max(300).nullable(),
  targets: z.array(z.string().min(1).max(100)).max(200),
  filter: z.record(z.string().max(40), z.string().max(100)).nullable(),
  count: z.number().int().nonnegative().nullable(),
  outcome: z.string().min(1).max(100),
});

/**
 * Purchased services (ADR 0023): providers, their staff and contracts. Ids and codes only: a
 * provider's and a worker's names stay in purchased-services. Money in fen.
 */
export const ProviderRegisteredV1 = z.object({
  providerId: id,
  registeredOrgUnit: OrgUnitPath,
  operatingAreas: z.array(OrgUnitPath).min(1).max(50),
});

/** The provider's coded facts after a change (a whole snapshot). */
export const ProviderUpdatedV1 = ProviderRegisteredV1;

export const ProviderWorkerRole = z.enum(['worker', 'contact-person']);
export type ProviderWorkerRole = z.infer<typeof ProviderWorkerRole>;

/** Social-work licence levels (社会工作者职业水平): none, assistant, social worker, senior. */
export const SocialWorkLicence = z.enum([
  'none',
  'assistant-social-worker',
  'social-worker',
  'senior-social-worker',
]);
export type SocialWorkLicence = z.infer<typeof SocialWorkLicence>;

/** A worker added or changed: the whole coded snapshot (never a name). */
export const ProviderWorkerChangedV1 = z.object({
  providerId: id,
  workerId: id,
  role: ProviderWorkerRole,
  licence: SocialWorkLicence,
  streetPath: OrgUnitPath,
  active: z.boolean(),
});

const ContractTerms = z.object({
  contractId: id,
  version: z.number().int().positive(),
  providerId: id,
  buyerOrgUnit: OrgUnitPath,
  period: z.object({ from: day, to: day }),
  budgetFen: fen.nonnegative(),
  services: z
    .array(z.object({ serviceType: ServiceType, unitPriceFen: fen.positive() }))
    .min(1)
    .max(ServiceType.options.length),
  areas: z.array(OrgUnitPath).min(1).max(50),
  targetGroups: z.object({
    eligibilityCategories: z.array(z.string().regex(ELIGIBILITY_CATEGORY_CODE)).max(20),
    priorityGroups: z.array(PriorityGroup).max(PriorityGroup.options.length),
  }),
  kpis: z.object({
    onTimeShareTarget: z.number().min(0).max(1),
    ratingTarget: z.number().min(1).max(5),
  }),
});

/** A contract as signed (version 1). */
export const ContractSignedV1 = ContractTerms;
/** A new version of the contract's terms; `changed` names the top-level terms that changed. */
export const ContractAmendedV1 = ContractTerms.extend({ changed: z.array(z.string().max(40)).max(20) });

export const ContractCloseReason = z.enum([
  'period-ended',
  'budget-exhausted',
  'terminated-by-buyer',
  'terminated-by-provider',
  'replaced',
  'other',
]);
export type ContractCloseReason = z.infer<typeof ContractCloseReason>;

/** The contract takes no new orders; the terms of its last version and where its budget stands. */
export const ContractClosedV1 = ContractTerms.extend({
  reason: ContractCloseReason,
  committedFen: fen.nonnegative(),
  spentFen: fen.nonnegative(),
});

/*
 * Service orders (issue [7/11], slice 2; ADR 0025). Every state change of an order is one event,
 * keyed by the order id: ids, codes, fen and instants only — never a card number, a name or the
 * complaint's words. `communityPath` is the resident's community, for scoped consumers.
 */
const instant = z.iso.datetime({ offset: false });

export const OrderDeclineReason = z.enum(['no-capacity', 'outside-area', 'no-worker-qualified', 'other']);
export type OrderDeclineReason = z.infer<typeof OrderDeclineReason>;
export const OrderFailureReason = z.enum(['elder-absent', 'elder-refused', 'worker-unavailable', 'other']);
export type OrderFailureReason = z.infer<typeof OrderFailureReason>;
export const OrderCancelReason = z.enum([
  'elder-withdrew',
  'duplicate',
  'elder-hospitalised',
  'elder-deceased',
  'other',
]);
export type OrderCancelReason = z.infer<typeof OrderCancelReason>;
export const OrderStateCode = z.enum([
  'requested',
  'dispatched',
  'accepted',
  'declined',
  'scheduled',
  'delivered',
  'failed',
  'cancelled',
  // The payment saga's outcomes, after `delivered` (wallet.debited / wallet.debit-rejected).
  'paid',
  'payment-rejected',
]);
export type OrderStateCode = z.infer<typeof OrderStateCode>;

export const OrderRequestedV1 = z.object({
  orderId: id,
  residentId: id,
  communityPath: OrgUnitPath,
  serviceType: ServiceType,
  requestedAt: instant,
});
export const OrderDispatchedV1 = z.object({
  orderId: id,
  residentId: id,
  serviceType: ServiceType,
  contractId: id,
  providerId: id,
  priceFen: fen.nonnegative(),
});
export const OrderAcceptedV1 = z.object({ orderId: id, providerId: id });
export const OrderDeclinedV1 = z.object({
  orderId: id,
  providerId: id,
  contractId: id,
  reason: OrderDeclineReason,
});
export const OrderScheduledV1 = z.object({ orderId: id, providerId: id, scheduledFor: instant });
export const OrderDeliveredV1 = z.object({
  orderId: id,
  residentId: id,
  serviceType: ServiceType,
  providerId: id,
  contractId: id,
  workerId: id,
  startedAt: instant,
  endedAt: instant,
  priceFen: fen.nonnegative(),
});
export const OrderFailedV1 = z.object({ orderId: id, providerId: id, reason: OrderFailureReason });
export const OrderCancelledV1 = z.object({
  orderId: id,
  residentId: id,
  /** The open state the order was cancelled from. */
  from: OrderStateCode,
  reason: OrderCancelReason,
  /** The provider it had been dispatched to, null if none yet. */
  providerId: id.nullable(),
});
/** The wallet paid its part of a delivered order (the saga's answer to `service.delivered`). */
export const OrderPaidV1 = z.object({
  orderId: id,
  residentId: id,
  providerId: id,
  contractId: id,
  part: z.enum(['basic-care', 'living-services']),
  subsidyFen: fen.nonnegative(),
  copaymentFen: fen.nonnegative(),
  freeExperience: z.boolean(),
});
/** The wallet refused to pay a delivered order; staff follow it up. */
export const OrderPaymentRejectedV1 = z.object({
  orderId: id,
  residentId: id,
  providerId: id,
  contractId: id,
  reason: WalletDebitRejectedV1.shape.reason,
});
export const OrderRatedV1 = z.object({
  orderId: id,
  providerId: id,
  rating: z.number().int().min(1).max(5),
  /** Whether the elder complained; the words stay in purchased-services. */
  complained: z.boolean(),
});

/*
 * Group interventions (issue [8/11]; ADR 0028). Ids, codes, counts and aggregate figures only:
 * never a member's name, an item answer or a session's process notes.
 */
export const InterventionTheory = z.enum([
  'empowerment',
  'strengths-perspective',
  'social-support',
  'social-capital',
  'activity-theory',
]);
export type InterventionTheory = z.infer<typeof InterventionTheory>;
export const ProgrammeStatus = z.enum(['planned', 'running', 'completed', 'cancelled']);
export type ProgrammeStatus = z.infer<typeof ProgrammeStatus>;
const code = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(60);
/** An instrument and its version, `code@version` (definitions are never edited in place). */
export const INSTRUMENT_KEY = /^[a-z0-9]+(-[a-z0-9]+)*@[1-9][0-9]{0,3}$/;
export const InstrumentKey = z.string().regex(INSTRUMENT_KEY);
export const ProgrammeRegisteredV1 = z.object({
  programmeId: id,
  providerId: id,
  contractId: id.nullable(),
  communityPath: OrgUnitPath,
  theme: code,
  theories: z.array(InterventionTheory).min(1).max(InterventionTheory.options.length),
  targetGroups: z.object({
    eligibilityCategories: z.array(z.string().regex(ELIGIBILITY_CATEGORY_CODE)).max(20),
    priorityGroups: z.array(PriorityGroup).max(PriorityGroup.options.length),
  }),
  plannedSessions: z.number().int().min(1).max(52),
  facilitatorWorkerId: id,
  instrument: InstrumentKey,
  /** A member completes by attending at least this many sessions. */
  minSessionsAttended: z.number().int().min(1).max(52),
});
export const ProgrammeStatusChangedV1 = z.object({
  programmeId: id,
  providerId: id,
  from: ProgrammeStatus,
  to: ProgrammeStatus,
});
export const MemberEnrolledV1 = z.object({
  programmeId: id,
  providerId: id,
  residentId: id,
  /** The member's community when enrolled (coverage counts there). */
  communityPath: OrgUnitPath,
});
export const MemberWithdrawnV1 = z.object({
  programmeId: id,
  providerId: id,
  residentId: id,
  reason: z.enum(['moved-away', 'ill-health', 'lost-interest', 'deceased', 'other']),
});
export const SessionHeldV1 = z.object({
  programmeId: id,
  providerId: id,
  sessionNo: z.number().int().min(1).max(52),
  heldOn: day,
  facilitatorWorkerId: id,
  /** Enrolled members present, by id: the elders this session reached. */
  attendeeIds: z.array(id).max(200),
  enrolled: z.number().int().nonnegative(),
});
export const AssessmentRecordedV1 = z.object({
  programmeId: id,
  providerId: id,
  residentId: id,
  phase: z.enum(['pre', 'post']),
  instrument: InstrumentKey,
  assessedOn: day,
});
const figure = z.number().finite().nullable();
export const OutcomeSubmittedV1 = z.object({
  programmeId: id,
  providerId: id,
  communityPath: OrgUnitPath,
  theme: code,
  theories: z.array(InterventionTheory).min(1),
  instrument: InstrumentKey,
  members: z.number().int().nonnegative(),
  completing: z.number().int().nonnegative(),
  paired: z.number().int().nonnegative(),
  leftOut: z.object({
    postWithoutPre: z.number().int().nonnegative(),
    preWithoutPost: z.number().int().nonnegative(),
    withdrawn: z.number().int().nonnegative(),
  }),
  dimensions: z
    .array(
      z.object({
        code,
        n: z.number().int().nonnegative(),
        preMean: figure,
        postMean: figure,
        meanChange: figure,
        ciLow: figure,
        ciHigh: figure,
        t: figure,
        df: figure,
        tTestP: figure,
        wilcoxonStatistic: figure,
        wilcoxonP: figure,
        wilcoxonMethod: z.enum(['exact', 'permutation', 'approx']).nullable(),
        cohensDz: figure,
        preBand: z.string().max(20).nullable(),
        postBand: z.string().max(20).nullable(),
      }),
    )
    .max(20),
});
export const VolunteerHoursLoggedV1 = z.object({
  teamId: id,
  providerId: id,
  residentId: id,
  logId: id,
  activity: code,
  servedOn: day,
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
