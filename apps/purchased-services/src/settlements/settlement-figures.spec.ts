import { contentHashOf, FiguresFold, settlementFigures, type SettlementOrder } from './settlement-figures.js';
import { exportRowOf, yuan } from './settlement-export-rows.js';
import { assertSettleableMonth, periodTouchesMonth, settlementIdOf } from './settlement-ids.js';

const requestedAt = new Date('2027-03-01T08:00:00.000Z');
const minutesAfter = (m: number) => new Date(requestedAt.getTime() + m * 60_000).toISOString();

let seq = 0;
/** A delivered meal, started 10 minutes after the call (catalogue target: 48 hours), unpaid, unrated. */
function order(over: Partial<SettlementOrder> = {}): SettlementOrder {
  seq += 1;
  return {
    _id: `o-${String(seq).padStart(3, '0')}`,
    serviceType: 'meal-assistance',
    state: 'delivered',
    priceFen: 1500,
    subsidyFen: null,
    copaymentFen: null,
    freeExperience: false,
    rating: null,
    complaint: null,
    requestedAt,
    startedAt: minutesAfter(10),
    endedAt: minutesAfter(40),
    ...over,
  };
}
const paid = (subsidyFen: number, copaymentFen: number, over: Partial<SettlementOrder> = {}) =>
  order({ state: 'paid', subsidyFen, copaymentFen, ...over });

describe('settlement figures', () => {
  it('an empty month: zeros, and no share or mean to speak of', () => {
    expect(settlementFigures([], {})).toEqual({
      deliveredCount: 0,
      amountFen: 0,
      byServiceType: [],
      subsidyFen: 0,
      copaymentFen: 0,
      paidCount: 0,
      paymentsPending: 0,
      paymentsRejected: 0,
      freeExperienceCount: 0,
      onTimeCount: 0,
      onTimeShare: null,
      ratedCount: 0,
      meanRating: null,
      complaints: 0,
    });
  });

  it('mixed states: money from paid orders only, pending and rejected counted apart', () => {
    const figures = settlementFigures(
      [
        paid(1000, 500, { rating: 5 }),
        paid(1500, 0, { freeExperience: true, rating: 4, complaint: 'cold' }),
        order({ state: 'payment-rejected' }),
        order(),
        // Never in the month's index range, but a wrong state must not count if it were.
        order({ state: 'cancelled' }),
      ],
      {},
    );
    expect(figures).toMatchObject({
      deliveredCount: 4,
      amountFen: 6000,
      subsidyFen: 2500,
      copaymentFen: 500,
      paidCount: 2,
      paymentsPending: 1,
      paymentsRejected: 1,
      freeExperienceCount: 1,
      onTimeCount: 4,
      onTimeShare: 1,
      ratedCount: 2,
      meanRating: 4.5,
      complaints: 1,
    });
  });

  it('on time by the city’s target, and rounds the share (4 decimals) and the mean (2) half up', () => {
    const cleaning = { serviceType: 'cleaning-assistance' as const, priceFen: 2000 };
    const orders = [
      order({ ...cleaning, startedAt: minutesAfter(5), rating: 4 }),
      order({ ...cleaning, startedAt: minutesAfter(31), rating: 4 }),
      order({ ...cleaning, startedAt: minutesAfter(30), rating: 5 }),
    ];
    const figures = settlementFigures(orders, { 'cleaning-assistance': 30 });
    expect([figures.onTimeCount, figures.onTimeShare, figures.meanRating]).toEqual([2, 0.6667, 4.33]);
    // Without the override the catalogue's 48 hours hold: all on time.
    expect(settlementFigures(orders, {}).onTimeShare).toBe(1);
    const halves = settlementFigures([order({ rating: 4 }), order({ rating: 5 })], {});
    expect(halves.meanRating).toBe(4.5);
    const eighth = settlementFigures(
      [...Array<number>(7).fill(5), 2].map((rating) => order({ rating })),
      {},
    );
    // 37 / 8 = 4.625 → 4.63 (half up, computed from integers).
    expect(eighth.meanRating).toBe(4.63);
  });

  it('breaks the amount down per service type and unit price, sorted, each count × price', () => {
    const figures = settlementFigures(
      [
        order({ serviceType: 'meal-assistance', priceFen: 1500 }),
        order({ serviceType: 'cleaning-assistance', priceFen: 2000 }),
        order({ serviceType: 'meal-assistance', priceFen: 1500 }),
        // Amended mid-month: a new price is a line of its own.
        order({ serviceType: 'meal-assistance', priceFen: 1200 }),
      ],
      {},
    );
    expect(figures.byServiceType).toEqual([
      { serviceType: 'cleaning-assistance', unitPriceFen: 2000, count: 1, amountFen: 2000 },
      { serviceType: 'meal-assistance', unitPriceFen: 1200, count: 1, amountFen: 1200 },
      { serviceType: 'meal-assistance', unitPriceFen: 1500, count: 2, amountFen: 3000 },
    ]);
    expect(figures.amountFen).toBe(6200);
  });

  it('folds pages to the same figures and hash as all at once, in any order', () => {
    const orders = [
      paid(1000, 500, { rating: 3 }),
      order({ rating: 5 }),
      order({ state: 'payment-rejected' }),
    ];
    const whole = settlementFigures(orders, {});
    const paged = new FiguresFold({}).add(orders.slice(2)).add(orders.slice(0, 2)).figures();
    expect(paged).toEqual(whole);
    expect(contentHashOf(paged)).toBe(contentHashOf(whole));
    expect(contentHashOf(whole)).toMatch(/^[0-9a-f]{64}$/);
    // Key order does not matter (a document read back from the store); any figure does.
    const shuffled = Object.fromEntries(Object.entries(whole).reverse()) as typeof whole;
    expect(contentHashOf(shuffled)).toBe(contentHashOf(whole));
    expect(contentHashOf({ ...whole, paymentsPending: whole.paymentsPending + 1 })).not.toBe(
      contentHashOf(whole),
    );
  });

  it('refuses a delivered order without a price rather than bill it as free', () => {
    expect(() => settlementFigures([order({ priceFen: null })], {})).toThrow(/no price/);
  });
});

describe('settlement ids, months and export rows', () => {
  it('derives the id from contract and month, and refuses future months only', () => {
    expect(settlementIdOf('k-main', '2027-03')).toBe('k-main:2027-03');
    expect(assertSettleableMonth('2027-03', '2027-03-31')).toBe('2027-03');
    expect(assertSettleableMonth('2026-12', '2027-03-01')).toBe('2026-12');
    expect(() => assertSettleableMonth('2027-04', '2027-03-31')).toThrow(/begun/);
  });

  it('tells whether a contract period touches a month', () => {
    const period = { from: '2027-01-15', to: '2027-03-01' };
    expect(['2026-12', '2027-01', '2027-03', '2027-04'].map((m) => periodTouchesMonth(period, m))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('writes yuan from fen exactly, and an order row with ids and codes only', () => {
    expect([yuan(0), yuan(5), yuan(150), yuan(123456), yuan(-5)]).toEqual([
      '0.00',
      '0.05',
      '1.50',
      '1234.56',
      '-0.05',
    ]);
    const row = exportRowOf(paid(1000, 500, { _id: 'o-x', rating: 4, complaint: 'words' }), {});
    expect(row).toEqual({
      orderId: 'o-x',
      serviceType: 'meal-assistance',
      deliveredAt: minutesAfter(40),
      priceFen: 1500,
      priceYuan: '15.00',
      subsidyFen: 1000,
      subsidyYuan: '10.00',
      copaymentFen: 500,
      copaymentYuan: '5.00',
      state: 'paid',
      late: false,
      rating: 4,
    });
  });
});
