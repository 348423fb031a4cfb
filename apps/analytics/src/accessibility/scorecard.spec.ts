import { scorecard, scorecardFigures, scorecardTable } from './scorecard.js';

describe('provider scorecards', () => {
  it('computes shares, the mean rating and the cost per delivery from the counters', () => {
    expect(
      scorecardFigures({
        dispatched: 8,
        declined: 2,
        delivered: 6,
        onTime: 5,
        rated: 3,
        ratingSum: 11,
        complaints: 1,
        deliveredFen: 20_000,
      }),
    ).toEqual({
      dispatched: 8,
      declined: 2,
      declineRate: 0.25,
      delivered: 6,
      onTime: 5,
      onTimeShare: 0.8333,
      failed: 0,
      rated: 3,
      meanRating: 3.67,
      complaints: 1,
      deliveredFen: 20_000,
      costPerDeliveryFen: 3333,
    });
  });

  it('leaves ratios empty without a denominator', () => {
    expect(scorecardFigures(null)).toMatchObject({
      declineRate: null,
      onTimeShare: null,
      meanRating: null,
      costPerDeliveryFen: null,
    });
  });

  it('compares what was delivered with the contracts’ budget', () => {
    const card = scorecard(
      'p-1',
      { delivered: 2, deliveredFen: 7_500, budgetFen: 30_000, contracts: 2, activeContracts: 1 },
      { delivered: 1, deliveredFen: 2_500 },
    );
    expect(card.overall).toMatchObject({
      spentFen: 7_500,
      budgetFen: 30_000,
      budgetUsed: 0.25,
      contracts: 2,
    });
    expect(card.month).toMatchObject({ delivered: 1, costPerDeliveryFen: 2_500 });
    expect(scorecard('p-2', null, null).overall.budgetUsed).toBeNull();
  });

  it('exports one row per provider with every figure', () => {
    const table = scorecardTable({
      month: '2026-11',
      providers: [scorecard('p-1', { delivered: 1, onTime: 1 }, null)],
    });
    expect(table.columns[0]).toBe('provider');
    expect(table.columns).toContain('month_on_time_share');
    expect(table.columns.at(-1)).toBe('overall_budget_used');
    expect(table.rows[0]?.length).toBe(table.columns.length);
    expect(table.rows[0]?.[table.columns.indexOf('overall_on_time_share')]).toBe(1);
  });
});
