import fc from 'fast-check';
import { DomainError } from '#anlao/platform';
import {
  assertBudgetAtLeastUsed,
  budgetLeftFen,
  consume,
  emptyBudget,
  release,
  reserve,
  type ContractBudget,
} from './contract-budget.js';

describe('contract budget', () => {
  it('reserves, spends and releases per order, each exactly once', () => {
    let b = emptyBudget(10_000);
    const r1 = reserve(b, 'o-1', 3000);
    expect(r1.outcome).toBe('reserved');
    if (r1.outcome === 'insufficient') throw new Error('unexpected');
    b = r1.budget;
    expect(reserve(b, 'o-1', 3000)).toEqual({ outcome: 'already-reserved', budget: b });
    expect(budgetLeftFen(b)).toBe(7000);
    expect(reserve(b, 'o-2', 7001)).toEqual({ outcome: 'insufficient', leftFen: 7000 });
    const spent = consume(b, 'o-1', 2500);
    expect(spent.outcome).toBe('consumed');
    expect(spent.budget).toMatchObject({ committedFen: 0, spentFen: 2500, reservations: {} });
    expect(consume(spent.budget, 'o-1', 2500).outcome).toBe('not-reserved');
    expect(budgetLeftFen(spent.budget)).toBe(7500);
    expect(() => consume(b, 'o-1', 3001)).toThrow(RangeError);
    expect(release(b, 'o-1').budget).toEqual(emptyBudget(10_000));
    expect(release(emptyBudget(1), 'toString').outcome).toBe('not-reserved');
  });

  it('lets an amendment lower the budget only to what is committed or spent', () => {
    const b: ContractBudget = {
      budgetFen: 10_000,
      committedFen: 3000,
      spentFen: 2000,
      reservations: { x: 3000 },
    };
    expect(() => assertBudgetAtLeastUsed(5000, b)).not.toThrow();
    expect(() => assertBudgetAtLeastUsed(4999, b)).toThrow(DomainError);
  });

  it('never lets the money drift, whatever the order of repeated steps', () => {
    const step = fc.record({
      op: fc.constantFrom('reserve', 'consume', 'release'),
      order: fc.integer({ min: 1, max: 6 }).map((n) => `o-${n}`),
      fen: fc.integer({ min: 0, max: 4000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let b = emptyBudget(10_000);
        for (const s of steps) {
          if (s.op === 'reserve') {
            const r = reserve(b, s.order, s.fen);
            if (r.outcome !== 'insufficient') b = r.budget;
          } else if (s.op === 'consume') {
            const reserved = b.reservations[s.order];
            if (reserved !== undefined) b = consume(b, s.order, Math.min(s.fen, reserved)).budget;
            else expect(consume(b, s.order, s.fen).budget).toBe(b);
          } else b = release(b, s.order).budget;
          const committed = Object.values(b.reservations).reduce((x, y) => x + y, 0);
          expect(b.committedFen).toBe(committed);
          expect(budgetLeftFen(b)).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
