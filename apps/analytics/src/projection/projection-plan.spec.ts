import { PlanBuilder } from './projection-plan.js';

describe('projection plan', () => {
  it('writes each counter document once, with the increments of the batch summed and zeros dropped', () => {
    const plan = new PlanBuilder();
    plan.increment('coverage', 'u:2026-11', { 'eligible.all': 1, 'served.all': 1 }, { unit: 'u' });
    plan.increment('coverage', 'u:2026-11', { 'eligible.all': 1, 'served.all': -1 }, { unit: 'u' });
    plan.increment('coverage', 'v:2026-11', { reached: 1 }, { unit: 'v' });
    plan.increment('coverage', 'v:2026-11', { reached: -1 }, { unit: 'v' });
    expect(plan.build().increments).toEqual([
      { collection: 'coverage', _id: 'u:2026-11', inc: { 'eligible.all': 2 }, fields: { unit: 'u' } },
    ]);
  });

  it('keeps the last state of a document set twice', () => {
    const plan = new PlanBuilder();
    plan.set('resident_months', 'r:2026-11', { visits: ['a'] });
    plan.set('resident_months', 'r:2026-11', { visits: ['a', 'b'] });
    expect(plan.build().sets).toEqual([
      { collection: 'resident_months', _id: 'r:2026-11', doc: { visits: ['a', 'b'] } },
    ]);
  });
});
