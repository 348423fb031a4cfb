import type { z } from 'zod';
import { Topics, type TopicName } from './topics.js';
import {
  AuditRecordedV1,
  CardIssuedV1,
  CardReplacedV1,
  CardSuspendedV1,
  CentreDeactivatedV1,
  CentreRegisteredV1,
  CentreUpdatedV1,
  ContractAmendedV1,
  ContractClosedV1,
  ContractSignedV1,
  CredentialsRevokedV1,
  EligibilityAssessedV1,
  EligibilityRuleSetPublishedV1,
  OrderAcceptedV1,
  OrderCancelledV1,
  OrderDeclinedV1,
  OrderDeliveredV1,
  OrderDispatchedV1,
  OrderFailedV1,
  OrderRatedV1,
  OrderPaidV1,
  ProgrammeRegisteredV1,
  ProgrammeStatusChangedV1,
  MemberEnrolledV1,
  MemberWithdrawnV1,
  SessionHeldV1,
  AssessmentRecordedV1,
  OutcomeSubmittedV1,
  VolunteerHoursLoggedV1,
  OrderPaymentRejectedV1,
  OrderRequestedV1,
  OrderScheduledV1,
  OrgUnitCreatedV1,
  ProviderRegisteredV1,
  ProviderUpdatedV1,
  ProviderWorkerChangedV1,
  ResidentDiedV1,
  ResidentMovedV1,
  ResidentRegisteredV1,
  ResidentUpdatedV1,
  ServiceDeliveredV1,
  VisitCheckedOutV1,
  VisitVoidedV1,
  VisitRecordedV1,
  WalletCreditedV1,
  WalletDebitedV1,
  WalletDebitRejectedV1,
} from './payloads.js';

interface EventDefinition {
  readonly topic: TopicName;
  readonly latest: number;
  readonly versions: Readonly<Record<number, z.ZodType>>;
}

/**
 * The one typed map from event type to topic and payload schema, imported by
 * producers and consumers alike so both ends validate against the same definition.
 */
export const EventCatalog = {
  'centre.registered': { topic: Topics.centres, latest: 1, versions: { 1: CentreRegisteredV1 } },
  'visit.recorded': { topic: Topics.centres, latest: 1, versions: { 1: VisitRecordedV1 } },
  'centre.updated': { topic: Topics.centres, latest: 1, versions: { 1: CentreUpdatedV1 } },
  'centre.deactivated': { topic: Topics.centres, latest: 1, versions: { 1: CentreDeactivatedV1 } },
  'visit.checked-out': { topic: Topics.centres, latest: 1, versions: { 1: VisitCheckedOutV1 } },
  'visit.voided': { topic: Topics.centres, latest: 1, versions: { 1: VisitVoidedV1 } },
  'org-unit.created': { topic: Topics.residents, latest: 1, versions: { 1: OrgUnitCreatedV1 } },
  'resident.registered': { topic: Topics.residents, latest: 1, versions: { 1: ResidentRegisteredV1 } },
  'resident.updated': { topic: Topics.residents, latest: 1, versions: { 1: ResidentUpdatedV1 } },
  'resident.moved': { topic: Topics.residents, latest: 1, versions: { 1: ResidentMovedV1 } },
  'resident.died': { topic: Topics.residents, latest: 1, versions: { 1: ResidentDiedV1 } },
  'eligibility.assessed': { topic: Topics.residents, latest: 1, versions: { 1: EligibilityAssessedV1 } },
  'eligibility.rule-set.published': {
    topic: Topics.residents,
    latest: 1,
    versions: { 1: EligibilityRuleSetPublishedV1 },
  },
  'card.issued': { topic: Topics.residents, latest: 1, versions: { 1: CardIssuedV1 } },
  'card.suspended': { topic: Topics.residents, latest: 1, versions: { 1: CardSuspendedV1 } },
  'card.replaced': { topic: Topics.residents, latest: 1, versions: { 1: CardReplacedV1 } },
  'wallet.credited': { topic: Topics.residents, latest: 1, versions: { 1: WalletCreditedV1 } },
  'wallet.debited': { topic: Topics.residents, latest: 1, versions: { 1: WalletDebitedV1 } },
  'wallet.debit-rejected': { topic: Topics.residents, latest: 1, versions: { 1: WalletDebitRejectedV1 } },
  'service.delivered': { topic: Topics.purchasedServices, latest: 1, versions: { 1: ServiceDeliveredV1 } },
  'provider.registered': {
    topic: Topics.purchasedServices,
    latest: 1,
    versions: { 1: ProviderRegisteredV1 },
  },
  'provider.updated': { topic: Topics.purchasedServices, latest: 1, versions: { 1: ProviderUpdatedV1 } },
  'provider.worker-changed': {
    topic: Topics.purchasedServices,
    latest: 1,
    versions: { 1: ProviderWorkerChangedV1 },
  },
  'contract.signed': { topic: Topics.purchasedServices, latest: 1, versions: { 1: ContractSignedV1 } },
  'contract.amended': { topic: Topics.purchasedServices, latest: 1, versions: { 1: ContractAmendedV1 } },
  'contract.closed': { topic: Topics.purchasedServices, latest: 1, versions: { 1: ContractClosedV1 } },
  'order.requested': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderRequestedV1 } },
  'order.dispatched': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderDispatchedV1 } },
  'order.accepted': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderAcceptedV1 } },
  'order.declined': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderDeclinedV1 } },
  'order.scheduled': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderScheduledV1 } },
  'order.delivered': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderDeliveredV1 } },
  'order.failed': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderFailedV1 } },
  'order.cancelled': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderCancelledV1 } },
  'order.rated': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderRatedV1 } },
  'order.paid': { topic: Topics.purchasedServices, latest: 1, versions: { 1: OrderPaidV1 } },
  'order.payment-rejected': {
    topic: Topics.purchasedServices,
    latest: 1,
    versions: { 1: OrderPaymentRejectedV1 },
  },
  'programme.registered': { topic: Topics.interventions, latest: 1, versions: { 1: ProgrammeRegisteredV1 } },
  'programme.status-changed': {
    topic: Topics.interventions,
    latest: 1,
    versions: { 1: ProgrammeStatusChangedV1 },
  },
  'member.enrolled': { topic: Topics.interventions, latest: 1, versions: { 1: MemberEnrolledV1 } },
  'member.withdrawn': { topic: Topics.interventions, latest: 1, versions: { 1: MemberWithdrawnV1 } },
  'session.held': { topic: Topics.interventions, latest: 1, versions: { 1: SessionHeldV1 } },
  'assessment.recorded': { topic: Topics.interventions, latest: 1, versions: { 1: AssessmentRecordedV1 } },
  'outcome.submitted': { topic: Topics.interventions, latest: 1, versions: { 1: OutcomeSubmittedV1 } },
  'volunteer.hours-logged': {
    topic: Topics.interventions,
    latest: 1,
    versions: { 1: VolunteerHoursLoggedV1 },
  },
  'credentials.revoked': { topic: Topics.identity, latest: 1, versions: { 1: CredentialsRevokedV1 } },
  'audit.recorded': { topic: Topics.audit, latest: 1, versions: { 1: AuditRecordedV1 } },
} as const satisfies Record<string, EventDefinition>;

export type EventType = keyof typeof EventCatalog;
type Def<T extends EventType> = (typeof EventCatalog)[T];
export type LatestVersion<T extends EventType> = Def<T>['latest'];
export type PayloadOf<T extends EventType, V extends keyof Def<T>['versions'] = LatestVersion<T>> = z.infer<
  Def<T>['versions'][V]
>;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EventCatalog, type);
}

export function eventsOfTopic(topic: TopicName): EventType[] {
  return (Object.keys(EventCatalog) as EventType[]).filter((t) => EventCatalog[t].topic === topic);
}
