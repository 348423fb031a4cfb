import { recoverableCells, suppress } from '../coverage/suppression.js';
import { accessibilityReport, type UnitFigures } from './accessibility-report.js';
import { accessibilityTable } from './accessibility-table.js';

const STREET = '2101.210102.210102001';
const figures = (
  path: string,
  workers: number,
  eligible: number,
  extra: Partial<UnitFigures> = {},
): UnitFigures => ({
  name: { path, name: null, level: null },
  current: { workers: { licensed: workers }, centres: { active: 1, capacity: 30 } },
  month: null,
  coverage: { unit: path, month: '2026-11', eligible: { all: eligible }, services: { visits: eligible * 2 } },
  ...extra,
});

describe('the accessibility report', () => {
  it('suppresses small counts of people complementarily, and the ratios over them', () => {
    const children = [
      figures(`${STREET}.001`, 2, 40),
      figures(`${STREET}.002`, 6, 3),
      figures(`${STREET}.003`, 7, 50),
    ];
    const report = accessibilityReport({
      unit: figures(STREET, 15, 93),
      children,
      month: '2026-11',
      threshold: 5,
    });
    const [a, b, c] = report.children;
    // 2 workers is small, so is 3 elders; one more cell in each column so the totals give nothing away.
    expect(a?.supply.licensedWorkers).toBeNull();
    expect(b?.supply.licensedWorkers).toBeNull();
    expect(c?.supply.licensedWorkers).toBe(7);
    expect(b?.supply.eligibleElders).toBeNull();
    expect(report.children.filter((r) => r.supply.eligibleElders === null)).toHaveLength(2);
    expect(report.unit.supply).toMatchObject({
      licensedWorkers: 15,
      eligibleElders: 93,
      capacityPerThousand: 322.58,
    });
    expect(report.unit.supply.licensedWorkersPerThousand).toBe(161.29);
    expect(a?.supply.licensedWorkersPerThousand).toBeNull();
    expect(b?.use.visitsPerElder).toBeNull();
    expect(c?.use.visitsPerElder).toBe(2);
    const counts = report.children.map((r, i) => [[2, 6, 7][i] ?? 0]);
    expect(recoverableCells(counts, suppress({ counts, threshold: 5 }))).toEqual([]);
  });

  it('judges a unit without children alone, and shows orders and money as they are', () => {
    const report = accessibilityReport({
      unit: figures(`${STREET}.001`, 3, 4, {
        month: {
          orders: { requested: 2, delivered: 1, deliveredFen: 3000 },
          latency: { le120: 1 },
          use: { credited: { basicCare: 4000 }, copaymentFen: 500 },
        },
      }),
      children: [],
      month: '2026-11',
      threshold: 5,
    });
    expect(report.unit.supply.licensedWorkers).toBeNull();
    expect(report.unit.supply.eligibleElders).toBeNull();
    expect(report.unit.delivery).toMatchObject({
      requested: 2,
      delivered: 1,
      medianMinutes: 90,
      p90Minutes: 114,
    });
    expect(report.unit.use).toMatchObject({
      creditedFen: { basicCare: 4000, livingServices: 0 },
      copaymentFen: 500,
    });
  });

  it('exports every row with the same columns', () => {
    const report = accessibilityReport({
      unit: figures(STREET, 10, 20),
      children: [figures(`${STREET}.001`, 10, 20)],
      month: '2026-11',
      threshold: 5,
    });
    const table = accessibilityTable(report);
    expect(table.rows).toHaveLength(2);
    for (const row of table.rows) expect(row).toHaveLength(table.columns.length);
    expect(table.columns).toEqual(
      expect.arrayContaining(['licensed_workers', 'median_minutes', 'contracts_meal-assistance']),
    );
  });
});
