import fc from 'fast-check';
import { SERVICE_PART, WALLET_PARTS, type WalletPart } from '../residents/resident.types.js';
import {
  balanceFromLedger,
  checkInvariant,
  creditMonth,
  debitForService,
  freeExperiencesUsed,
  emptyWallet,
  type WalletState,
} from './wallet-ledger.js';

const AT = '2026-03-01T00:05:00.000Z';
const FULL = { 'basic-care': 4000, 'living-services': 6000 };

function credited(amounts: Record<WalletPart, number> = FULL, month = '2026-03'): WalletState {
  return creditMonth(emptyWallet(), month, amounts, 'carry-over', AT).state;
}

describe('creditMonth', () => {
  it('credits 100 yuan as 40 basic care + 60 living services', () => {
    const { state, entries } = creditMonth(emptyWallet(), '2026-03', FULL, 'carry-over', AT);
    expect(state.balances).toEqual(FULL);
    expect(entries).toEqual([
      {
        id: 'credit:2026-03:basic-care',
        kind: 'credit',
        part: 'basic-care',
        amountFen: 4000,
        month: '2026-03',
        at: AT,
      },
      {
        id: 'credit:2026-03:living-services',
        kind: 'credit',
        part: 'living-services',
        amountFen: 6000,
        month: '2026-03',
        at: AT,
      },
    ]);
    expect(checkInvariant(state)).toBe(true);
  });

  it('is idempotent: the same month again returns the same state and no entries', () => {
    const first = credited();
    const again = creditMonth(first, '2026-03', FULL, 'carry-over', AT);
    expect(again.state).toBe(first);
    expect(again.entries).toEqual([]);
    const expireAgain = creditMonth(first, '2026-03', FULL, 'expire', AT);
    expect(expireAgain.state).toBe(first);
  });

  it('marks the entries with the run that wrote them; another run of the month adds nothing', () => {
    const { state, entries } = creditMonth(emptyWallet(), '2026-03', FULL, 'carry-over', AT, 'job-a');
    expect(entries.map((e) => [e.id, e.runId])).toEqual([
      ['credit:2026-03:basic-care', 'job-a'],
      ['credit:2026-03:living-services', 'job-a'],
    ]);
    const other = creditMonth(state, '2026-03', FULL, 'carry-over', AT, 'job-b');
    expect(other.state).toBe(state);
    expect(other.entries).toEqual([]);
  });

  it('carries unused balance over', () => {
    const next = creditMonth(credited(), '2026-04', FULL, 'carry-over', AT);
    expect(next.state.balances).toEqual({ 'basic-care': 8000, 'living-services': 12000 });
    expect(next.entries.map((e) => e.kind)).toEqual(['credit', 'credit']);
  });

  it('expires unused balance before crediting the new month', () => {
    const spent = debitForService(credited(), { orderId: 'o1', serviceType: 'meal', amountFen: 2500 }, AT);
    if (spent.outcome !== 'debited') throw new Error('expected a debit');
    const next = creditMonth(spent.state, '2026-04', FULL, 'expire', AT);
    expect(next.entries.map((e) => [e.id, e.amountFen])).toEqual([
      ['expire:2026-04:basic-care', -4000],
      ['credit:2026-04:basic-care', 4000],
      ['expire:2026-04:living-services', -3500],
      ['credit:2026-04:living-services', 6000],
    ]);
    expect(next.state.balances).toEqual(FULL);
    expect(checkInvariant(next.state)).toBe(true);
  });

  it('with expire, zeroes the balance even when the month credits nothing', () => {
    const next = creditMonth(credited(), '2026-04', { 'basic-care': 0, 'living-services': 0 }, 'expire', AT);
    expect(next.entries.map((e) => e.kind)).toEqual(['expire', 'expire']);
    expect(next.state.balances).toEqual({ 'basic-care': 0, 'living-services': 0 });
  });

  it('writes no entry for a zero amount', () => {
    const { state, entries } = creditMonth(
      emptyWallet(),
      '2026-03',
      { 'basic-care': 0, 'living-services': 6000 },
      'carry-over',
      AT,
    );
    expect(entries.map((e) => e.id)).toEqual(['credit:2026-03:living-services']);
    expect(state.balances).toEqual({ 'basic-care': 0, 'living-services': 6000 });
  });

  it('with expire, ignores a month older than the newest one in the ledger', () => {
    const april = creditMonth(credited(), '2026-04', FULL, 'expire', AT).state;
    const lateMarch = creditMonth(april, '2026-02', FULL, 'expire', AT);
    expect(lateMarch.state).toBe(april);
    const lateCarry = creditMonth(april, '2026-02', FULL, 'carry-over', AT);
    expect(lateCarry.state.balances).toEqual({ 'basic-care': 8000, 'living-services': 12000 });
  });

  it('does not change the state it was given', () => {
    const before = credited();
    const snapshot = structuredClone(before);
    creditMonth(before, '2026-04', FULL, 'expire', AT);
    debitForService(before, { orderId: 'o1', serviceType: 'meal', amountFen: 100 }, AT);
    expect(before).toEqual(snapshot);
  });

  it('refuses a malformed month or amount', () => {
    expect(() => creditMonth(emptyWallet(), '2026-13', FULL, 'expire', AT)).toThrow(RangeError);
    expect(() => creditMonth(emptyWallet(), '2026-3', FULL, 'expire', AT)).toThrow(RangeError);
    expect(() =>
      creditMonth(emptyWallet(), '2026-03', { 'basic-care': -1, 'living-services': 0 }, 'expire', AT),
    ).toThrow(RangeError);
    expect(() =>
      creditMonth(emptyWallet(), '2026-03', { 'basic-care': 0.5, 'living-services': 0 }, 'expire', AT),
    ).toThrow(RangeError);
  });
});

describe('debitForService', () => {
  it('pays a meal from living services in full when the balance allows', () => {
    const result = debitForService(credited(), { orderId: 'o1', serviceType: 'meal', amountFen: 1500 }, AT);
    expect(result).toMatchObject({
      outcome: 'debited',
      part: 'living-services',
      paidFen: 1500,
      copaymentFen: 0,
    });
    if (result.outcome !== 'debited') return;
    expect(result.entry).toEqual({
      id: 'debit:o1',
      kind: 'debit',
      part: 'living-services',
      amountFen: -1500,
      orderId: 'o1',
      at: AT,
    });
    expect(result.state.balances).toEqual({ 'basic-care': 4000, 'living-services': 4500 });
  });

  it('leaves the elder a co-payment when the part is short', () => {
    const result = debitForService(
      credited(),
      { orderId: 'o1', serviceType: 'medical', amountFen: 5500 },
      AT,
    );
    expect(result).toMatchObject({
      outcome: 'debited',
      part: 'basic-care',
      paidFen: 4000,
      copaymentFen: 1500,
    });
    if (result.outcome === 'debited') expect(result.state.balances['basic-care']).toBe(0);
  });

  it('records a zero-paid debit, so its retry is still a duplicate', () => {
    const result = debitForService(
      emptyWallet(),
      { orderId: 'o1', serviceType: 'bathing', amountFen: 3000 },
      AT,
    );
    expect(result).toMatchObject({ outcome: 'debited', paidFen: 0, copaymentFen: 3000 });
    if (result.outcome !== 'debited') return;
    expect(Object.is(result.entry.amountFen, 0)).toBe(true);
    expect(result.state.balances).toEqual({ 'basic-care': 0, 'living-services': 0 });
    expect(
      debitForService(result.state, { orderId: 'o1', serviceType: 'bathing', amountFen: 3000 }, AT),
    ).toEqual({
      outcome: 'duplicate',
    });
  });

  it('pays the category’s free experience services in full, outside the balances, then no more', () => {
    // The 60+ ordinary category: no monthly credit, one free experience service.
    const first = debitForService(
      emptyWallet(),
      { orderId: 'o1', serviceType: 'cleaning-assistance', amountFen: 2000 },
      AT,
      1,
    );
    expect(first).toMatchObject({ outcome: 'debited', paidFen: 2000, copaymentFen: 0, freeExperience: true });
    if (first.outcome !== 'debited') return;
    expect(first.entry).toMatchObject({ kind: 'free-experience', amountFen: 0, orderId: 'o1' });
    expect(first.state.balances).toEqual({ 'basic-care': 0, 'living-services': 0 });
    expect(freeExperiencesUsed(first.state)).toBe(1);
    expect(checkInvariant(first.state)).toBe(true);
    // Its redelivery is a duplicate; the next order is the elder's to pay.
    expect(
      debitForService(
        first.state,
        { orderId: 'o1', serviceType: 'cleaning-assistance', amountFen: 2000 },
        AT,
        1,
      ),
    ).toEqual({ outcome: 'duplicate' });
    const second = debitForService(
      first.state,
      { orderId: 'o2', serviceType: 'cleaning-assistance', amountFen: 2000 },
      AT,
      1,
    );
    expect(second).toMatchObject({
      outcome: 'debited',
      paidFen: 0,
      copaymentFen: 2000,
      freeExperience: false,
    });
    // Without free experience services the balance pays, as before.
    expect(
      debitForService(credited(), { orderId: 'o3', serviceType: 'meal', amountFen: 1500 }, AT, 0),
    ).toMatchObject({ paidFen: 1500, freeExperience: false });
  });

  it('rejects uncovered service types, prototype names included', () => {
    for (const serviceType of ['transport', 'toString', 'constructor', '__proto__', '']) {
      expect(debitForService(credited(), { orderId: 'o1', serviceType, amountFen: 100 }, AT)).toEqual({
        outcome: 'rejected',
        reason: 'service-not-covered',
      });
    }
  });

  it('rejects negative, fractional and non-finite amounts', () => {
    for (const amountFen of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(debitForService(credited(), { orderId: 'o1', serviceType: 'meal', amountFen }, AT)).toEqual({
        outcome: 'rejected',
        reason: 'invalid-amount',
      });
    }
  });
});

describe('checkInvariant', () => {
  it('catches a balance that disagrees with the ledger, a negative balance and a repeated id', () => {
    const state = credited();
    expect(checkInvariant(state)).toBe(true);
    expect(checkInvariant({ ...state, balances: { ...state.balances, 'basic-care': 3999 } })).toBe(false);
    const entry = state.entries[0];
    if (!entry) throw new Error('expected an entry');
    expect(
      checkInvariant({
        balances: { 'basic-care': -1, 'living-services': 0 },
        entries: [{ ...entry, amountFen: -1 }],
      }),
    ).toBe(false);
    expect(
      checkInvariant({
        balances: { ...state.balances, 'basic-care': 8000 },
        entries: [...state.entries, entry],
      }),
    ).toBe(false);
  });
});

describe('wallet ledger properties', () => {
  const COVERED = Object.keys(SERVICE_PART);
  type Op =
    | { type: 'credit'; month: string; amounts: Record<WalletPart, number>; mode: 'expire' | 'carry-over' }
    | { type: 'debit'; orderId: string; serviceType: string; amountFen: number };

  const amount = fc.integer({ min: 0, max: 100_000 });
  const creditOp: fc.Arbitrary<Op> = fc.record({
    type: fc.constant('credit' as const),
    month: fc
      .integer({ min: 0, max: 23 })
      .map((i) => `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`),
    amounts: fc.record({ 'basic-care': amount, 'living-services': amount }),
    mode: fc.constantFrom('expire' as const, 'carry-over' as const),
  });
  const debitOp: fc.Arbitrary<Op> = fc.record({
    type: fc.constant('debit' as const),
    orderId: fc.integer({ min: 1, max: 12 }).map((n) => `order-${n}`),
    serviceType: fc.constantFrom(...COVERED, 'transport', 'legal-aid', 'toString'),
    amountFen: fc.integer({ min: 0, max: 200_000 }),
  });
  const ops = fc.array(fc.oneof(creditOp, debitOp), { maxLength: 60 });

  function apply(state: WalletState, op: Op): WalletState {
    if (op.type === 'credit') return creditMonth(state, op.month, op.amounts, op.mode, AT).state;
    const result = debitForService(state, op, AT);
    if (result.outcome === 'debited') {
      expect(result.paidFen + result.copaymentFen).toBe(op.amountFen);
      expect(result.paidFen).toBeGreaterThanOrEqual(0);
      expect(result.paidFen).toBeLessThanOrEqual(state.balances[result.part]);
      expect(result.state.entries.at(-1)).toBe(result.entry);
      return result.state;
    }
    return state;
  }

  it('keeps balances equal to the ledger and never negative', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        let state = emptyWallet();
        for (const op of sequence) {
          state = apply(state, op);
          expect(state.balances).toEqual(balanceFromLedger(state.entries));
          for (const part of WALLET_PARTS) expect(state.balances[part]).toBeGreaterThanOrEqual(0);
          expect(checkInvariant(state)).toBe(true);
        }
      }),
    );
  });

  it('changes nothing when any operation is applied a second time, at any point', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        let state = emptyWallet();
        for (const op of sequence) {
          const once = apply(state, op);
          expect(apply(once, op)).toBe(once);
          state = once;
        }
      }),
    );
  });

  it('answers duplicate for every order already debited, whatever came between', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        let state = emptyWallet();
        const debited = new Set<string>();
        for (const op of sequence) {
          if (op.type === 'debit') {
            const result = debitForService(state, op, AT);
            if (debited.has(op.orderId)) expect(result).toEqual({ outcome: 'duplicate' });
            if (result.outcome === 'debited') debited.add(op.orderId);
          }
          state = apply(state, op);
        }
      }),
    );
  });
});
