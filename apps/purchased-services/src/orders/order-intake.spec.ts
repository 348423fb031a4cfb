import type { ResidentCopy } from '#anlao/resident-copies';
import { DomainError } from '#anlao/platform';
import {
  assertSameRequest,
  orderableResident,
  orderIdFor,
  parseOrderIdempotencyKey,
  requestFingerprint,
} from './order-intake.js';

const digest = (n: string) => `d(${n})`;

describe('order intake', () => {
  it('derives one order id per caller and key, valid as a record id', () => {
    expect(orderIdFor('op-1', 'call-42')).toBe(orderIdFor('op-1', 'call-42'));
    expect(orderIdFor('op-1', 'call-42')).not.toBe(orderIdFor('op-2', 'call-42'));
    expect(orderIdFor('op-1', 'call-42')).toMatch(/^o-[0-9a-f]{32}$/);
  });

  it('requires a well-formed Idempotency-Key', () => {
    expect(parseOrderIdempotencyKey('call-42')).toBe('call-42');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(101), ['a', 'b']])
      expect(() => parseOrderIdempotencyKey(bad)).toThrow(DomainError);
  });

  it('compares requests by body, the card only by digest, ignoring key order and absent fields', () => {
    const a = requestFingerprint({ cardNumber: '2101000000000001', serviceType: 'meal-assistance' }, digest);
    const same = requestFingerprint(
      { serviceType: 'meal-assistance', note: undefined, cardNumber: '2101000000000001' },
      digest,
    );
    expect(a).toBe(same);
    expect(a).not.toContain('2101000000000001');
    const other = requestFingerprint(
      { cardNumber: '2101000000000001', serviceType: 'bathing-assistance' },
      digest,
    );
    expect(other).not.toBe(a);
    expect(() => assertSameRequest({ _id: 'o-1', fingerprint: a }, same)).not.toThrow();
    expect(() => assertSameRequest({ _id: 'o-1', fingerprint: a }, other)).toThrow(/another request/);
  });

  const copy = (over: Partial<ResidentCopy> = {}): ResidentCopy => ({
    _id: 'r-1',
    communityPath: '2101.210102.210102001.210102001001',
    alive: true,
    diedOn: null,
    cards: [{ cardId: 'c-1', digest: 'x', status: 'active' }],
    ...over,
  });
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (error) {
      return (error as DomainError).code;
    }
    return 'ok';
  };

  it('judges the resident from the read model', () => {
    expect(codeOf(() => orderableResident(copy(), { cardId: 'c-1' }))).toBe('ok');
    expect(codeOf(() => orderableResident(null, { residentId: 'r-1' }))).toBe('resident.unknown');
    expect(codeOf(() => orderableResident(copy(), { cardId: 'c-9' }))).toBe('resident.unknown');
    const suspended = copy({ cards: [{ cardId: 'c-1', digest: 'x', status: 'suspended' }] });
    expect(codeOf(() => orderableResident(suspended, { cardId: 'c-1' }))).toBe('card.suspended');
    const lost = copy({ cards: [{ cardId: 'c-1', digest: 'x', status: 'lost' }] });
    expect(codeOf(() => orderableResident(lost, { cardId: 'c-1' }))).toBe('card.lost');
    const dead = copy({ alive: false, diedOn: '2027-01-01' });
    expect(codeOf(() => orderableResident(dead, { residentId: 'r-1' }))).toBe('resident.deceased');
    // Suspended by card, yet by id the same resident may be ordered for.
    expect(codeOf(() => orderableResident(suspended, { residentId: 'r-1' }))).toBe('ok');
  });

  it('marks an unknown resident retryable (the read model may not have caught up)', () => {
    try {
      orderableResident(null, { residentId: 'r-1' });
    } catch (error) {
      expect((error as DomainError).extra).toEqual({ retryable: true });
    }
    expect.assertions(1);
  });
});
