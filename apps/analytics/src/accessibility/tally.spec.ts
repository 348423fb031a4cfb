import { PlanBuilder } from '../projection/projection-plan.js';
import { planTallyChange, TallyBuilder, type Tally } from './tally.js';

const COMMUNITY = '2101.210102.210102001.210102001001';

describe('tally changes', () => {
  it('spreads a unit entry over the unit and every unit above it, or keeps it to one unit', () => {
    const plan = new PlanBuilder();
    planTallyChange(
      plan,
      [],
      [{ target: 'unit-month', at: COMMUNITY, month: '2026-11', inc: { 'orders.requested': 1 } }],
    );
    planTallyChange(plan, [], [{ target: 'unit', at: '2101.210102', only: true, inc: { known: 1 } }]);
    const { increments } = plan.build();
    expect(increments.map((i) => i._id)).toEqual([
      '2101:2026-11',
      '2101.210102:2026-11',
      '2101.210102.210102001:2026-11',
      `${COMMUNITY}:2026-11`,
      '2101.210102',
    ]);
    expect(increments[0]?.fields).toEqual({ unit: '2101', month: '2026-11', parentMonth: null });
    expect(increments[1]?.fields).toEqual({
      unit: '2101.210102',
      month: '2026-11',
      parentMonth: '2101:2026-11',
    });
    expect(increments[4]).toMatchObject({ collection: 'accessibility_units', fields: { parent: '2101' } });
  });

  it('plans only the difference between what a fact counted and what it counts now', () => {
    const before: Tally = [
      { target: 'provider', at: 'p-1', inc: { dispatched: 1 } },
      { target: 'provider-month', at: 'p-1', month: '2026-11', inc: { dispatched: 1 } },
    ];
    const after: Tally = [...before, { target: 'provider', at: 'p-1', inc: { declined: 1 } }];
    const plan = new PlanBuilder();
    planTallyChange(plan, before, after);
    expect(plan.build().increments).toEqual([
      {
        collection: 'accessibility_providers',
        _id: 'p-1',
        inc: { declined: 1 },
        fields: { providerId: 'p-1' },
      },
    ]);
    const same = new PlanBuilder();
    planTallyChange(same, after, after);
    expect(same.build().increments).toEqual([]);
  });

  it('drops zero amounts and empty entries', () => {
    const tally = new TallyBuilder();
    tally.add({ target: 'provider', at: 'p-1', inc: { a: 0 } });
    tally.add({ target: 'provider', at: 'p-1', inc: { a: 0, b: 2 } });
    expect(tally.build()).toEqual([{ target: 'provider', at: 'p-1', inc: { b: 2 } }]);
  });
});
