import { orgUnitCovers, type Principal } from '#anlao/auth';
import type { SlaOverrides } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import type { Order } from './order.schema.js';
import type { OrderView } from './order.dto.js';
import type { OrderCommand } from './order-state.js';
import { serviceLevel } from './order-view.js';

/** Staff see orders of residents in their unit; a provider's client those sent to it; a centre none. */
export function canSeeOrder(
  principal: Principal,
  order: Pick<Order, 'communityPath' | 'providerId'>,
): boolean {
  switch (principal.kind) {
    case 'staff':
      return orgUnitCovers(principal.orgUnit, order.communityPath);
    case 'organisation':
      return order.providerId === principal.organisationId;
    case 'centre':
      return false;
  }
}

export function visibleOrder(principal: Principal, order: Order | null, id: string): Order {
  if (order === null || !canSeeOrder(principal, order))
    throw new DomainError('not-found', 'order.not-found', `no order ${id}`);
  return order;
}

const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The store filter of `canSeeOrder`: an anchored prefix on the community, or the provider's id. */
export function orderScopeFilter(principal: Principal): Record<string, unknown> {
  switch (principal.kind) {
    case 'staff':
      return { communityPath: { $regex: `^${escape(principal.orgUnit)}(\\.|$)` } };
    case 'organisation':
      return { providerId: principal.organisationId };
    case 'centre':
      return { _id: { $exists: false } };
  }
}

export function orderView(o: Order, now: Date, overrides: SlaOverrides): OrderView {
  return {
    orderId: o._id,
    residentId: o.residentId,
    communityPath: o.communityPath,
    serviceType: o.serviceType,
    state: o.state,
    note: o.note,
    requestedAt: new Date(o.requestedAt).toISOString(),
    contractId: o.contractId,
    providerId: o.providerId,
    priceFen: o.priceFen,
    unassigned: o.unassigned,
    scheduledFor: o.scheduledFor,
    workerId: o.workerId,
    startedAt: o.startedAt,
    endedAt: o.endedAt,
    reason: o.reason,
    rating: o.rating,
    complaint: o.complaint,
    paymentPart: o.paymentPart,
    subsidyFen: o.subsidyFen,
    copaymentFen: o.copaymentFen,
    freeExperience: o.freeExperience,
    ...serviceLevel(o, now, overrides),
    history: o.history ?? [],
    revision: o.revision,
  };
}

/** A visit is hours, not days: a delivery longer than this is a typing error. */
const MAX_DELIVERY_MS = 24 * 3_600_000;

/** Instants as the events carry them (UTC `Z`); a delivery ends after it starts. */
export function deliverCommand(dto: { workerId: string; startedAt: string; endedAt: string }): OrderCommand {
  const startedAt = new Date(dto.startedAt);
  const endedAt = new Date(dto.endedAt);
  const length = endedAt.getTime() - startedAt.getTime();
  if (length <= 0 || length > MAX_DELIVERY_MS)
    throw new DomainError('invalid', 'request.invalid', 'endedAt must be after startedAt, within 24 hours', [
      { field: 'endedAt', message: 'after startedAt, within 24 hours of it' },
    ]);
  return {
    kind: 'deliver',
    workerId: dto.workerId,
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
  };
}
