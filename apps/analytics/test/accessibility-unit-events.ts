import { createEvent, type EventType, type PayloadOf } from '#anlao/events';
import type { AccessibilityEvent } from '../src/accessibility/accessibility-step.js';

/*
 * The accessibility events the lane's unit specs (src/accessibility/*.spec.ts) build: one resident
 * of one community orders, so a spec's figures follow from the orders it names.
 */

export const COMMUNITY = '2101.210102.210102001.210102001001';

/** An event built and validated as its producer builds it, at `occurredAt`. */
export function event<T extends EventType>(
  type: T,
  payload: PayloadOf<T>,
  occurredAt: string,
): AccessibilityEvent {
  return createEvent({
    type,
    payload,
    source: 'test',
    subject: 'test',
    orgUnit: '2101',
    correlationId: 'accessibility-unit-test',
    occurredAt: new Date(occurredAt),
  }) as unknown as AccessibilityEvent;
}

/** Resident r-1 of COMMUNITY orders a service at `requestedAt`. */
export const requested = (
  orderId: string,
  requestedAt: string,
  serviceType: PayloadOf<'order.requested'>['serviceType'] = 'meal-assistance',
) =>
  event(
    'order.requested',
    { orderId, residentId: 'r-1', communityPath: COMMUNITY, serviceType, requestedAt },
    requestedAt,
  );
