import { createEvent, decodeEvent, encodeEvent, InvalidEventError, validateEvent } from './event.js';
import { eventsOfTopic } from './catalog.js';
import { Topics } from './topics.js';

const visit = {
  visitId: 'v-1',
  centreId: 'c-1',
  residentId: 'r-1',
  activity: 'meal' as const,
  checkInAt: '2026-11-25T02:00:00.000Z',
  checkOutAt: null,
};

function newVisitEvent() {
  return createEvent({
    type: 'visit.recorded',
    source: 'centres',
    subject: 'c-1:v-1',
    orgUnit: '2101.210102.210102001.210102001001',
    correlationId: 'corr-1',
    payload: visit,
  });
}

describe('event envelope', () => {
  it('creates an envelope at the latest version with a fresh uuid', () => {
    const a = newVisitEvent();
    const b = newVisitEvent();
    expect(a.version).toBe(1);
    expect(a.id).not.toBe(b.id);
    expect(a.causationId).toBeNull();
    expect(a.payload).toEqual(visit);
  });

  it('round-trips through a Kafka message value', () => {
    const event = newVisitEvent();
    expect(decodeEvent(encodeEvent(event))).toEqual(event);
  });

  it('refuses a payload that breaks its schema, naming the field but not the value', () => {
    const bad = { ...newVisitEvent(), payload: { ...visit, activity: 'karaoke-with-Zhang-San' } };
    expect(() => validateEvent(bad)).toThrow(InvalidEventError);
    try {
      validateEvent(bad);
    } catch (e) {
      expect((e as Error).message).toContain('activity');
      expect((e as Error).message).not.toContain('Zhang');
    }
  });

  it('refuses unknown types, unknown versions, non-JSON and empty messages', () => {
    expect(() => validateEvent({ ...newVisitEvent(), type: 'visit.teleported' })).toThrow(
      /unknown event type/,
    );
    expect(() => validateEvent({ ...newVisitEvent(), version: 9 })).toThrow(/unknown version 9/);
    expect(() => decodeEvent(Buffer.from('{not json'))).toThrow(/not JSON/);
    expect(() => decodeEvent(null)).toThrow(/empty/);
  });

  it('refuses a type that is not dot-case', () => {
    expect(() => validateEvent({ ...newVisitEvent(), type: 'VisitRecorded' })).toThrow(/dot-case/);
  });

  it('lists the event types of a topic', () => {
    expect(eventsOfTopic(Topics.centres)).toEqual([
      'centre.registered',
      'visit.recorded',
      'centre.updated',
      'centre.deactivated',
      'visit.checked-out',
      'visit.voided',
    ]);
  });

  it('lists the purchased-services events and validates a contract snapshot', () => {
    expect(eventsOfTopic(Topics.purchasedServices)).toEqual([
      'service.delivered',
      'provider.registered',
      'provider.updated',
      'provider.worker-changed',
      'contract.signed',
      'contract.amended',
      'contract.closed',
      'order.requested',
      'order.dispatched',
      'order.accepted',
      'order.declined',
      'order.scheduled',
      'order.delivered',
      'order.failed',
      'order.cancelled',
      'order.rated',
      'order.paid',
      'order.payment-rejected',
    ]);
    const terms = {
      contractId: 'k-1',
      version: 1,
      providerId: 'p-1',
      buyerOrgUnit: '2101.210102',
      period: { from: '2027-01-01', to: '2027-12-31' },
      budgetFen: 1_000_000,
      services: [{ serviceType: 'meal-assistance' as const, unitPriceFen: 1500 }],
      areas: ['2101.210102.210102001'],
      targetGroups: { eligibilityCategories: ['aged-80-plus'], priorityGroups: ['shidu' as const] },
      kpis: { onTimeShareTarget: 0.95, ratingTarget: 4.5 },
    };
    const signed = createEvent({
      type: 'contract.signed',
      source: 'purchased-services',
      subject: 'k-1',
      orgUnit: '2101.210102',
      correlationId: 'corr-1',
      payload: terms,
    });
    expect(decodeEvent(encodeEvent(signed))).toEqual(signed);
    const legacy = { ...signed, payload: { ...terms, services: [{ serviceType: 'meal', unitPriceFen: 1 }] } };
    expect(() => validateEvent(legacy)).toThrow(/serviceType/);
    const fraction = { ...signed, payload: { ...terms, budgetFen: 10.5 } };
    expect(() => validateEvent(fraction)).toThrow(/budgetFen/);
  });

  it('validates an order event: codes only, a rating within 1..5', () => {
    const rated = createEvent({
      type: 'order.rated',
      source: 'purchased-services',
      subject: 'o-1',
      orgUnit: '2101.210102.210102001',
      correlationId: 'corr-1',
      payload: { orderId: 'o-1', providerId: 'p-1', rating: 5, complained: false },
    });
    expect(decodeEvent(encodeEvent(rated))).toEqual(rated);
    expect(() => validateEvent({ ...rated, payload: { ...rated.payload, rating: 6 } })).toThrow(/rating/);
  });
});
