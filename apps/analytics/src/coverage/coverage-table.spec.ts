import { coverageReport, coverageTable, trendTable, type CoverageCounters } from './coverage-table.js';

const DISTRICT = '2101.210102';
const street = (n: number) => `${DISTRICT}.21010200${n}`;
const counters = (unit: string, eligible: number, served: number): CoverageCounters => ({
  unit,
  month: '2026-11',
  eligible: { all: eligible },
  served: { all: served },
  reached: served,
  services: { visits: served * 3 },
});
const name = (path: string) => ({ path, name: null, level: null });

describe('coverage report table', () => {
  // A small district of three streets: one street's served count (3) is under the threshold.
  const children = [counters(street(1), 40, 3), counters(street(2), 25, 12), counters(street(3), 30, 20)];
  const total = counters(DISTRICT, 95, 35);
  const report = coverageReport({
    unit: name(DISTRICT),
    month: '2026-11',
    total,
    children: children.map((c) => ({ name: name(c.unit), counters: c })),
    groups: ['all'],
    threshold: 5,
  });

  it('suppresses a small count and one more cell so the hidden one cannot be recovered from the total', () => {
    const served = report.children.map((r) => r.groups.all?.served ?? null);
    expect(served[0]).toBeNull();
    expect(served.filter((s) => s === null)).toHaveLength(2);
    // The visible total minus the visible streets leaves the sum of two hidden cells, not one.
    expect(report.unit.groups.all?.served).toBe(35);
    // Eligible is hidden with served (the share would give it away), and so is the share.
    for (const row of report.children.filter((r) => r.groups.all?.served === null)) {
      expect(row.groups.all?.eligible).toBeNull();
      expect(row.groups.all?.share).toBeNull();
    }
  });

  it('shows services (not people) and the share of what is visible', () => {
    expect(report.children.map((r) => r.services.visits)).toEqual([9, 36, 60]);
    const visible = report.children.find((r) => r.groups.all?.served !== null);
    expect(visible?.groups.all?.share).toBeCloseTo(
      (visible?.groups.all?.served ?? 0) / (visible?.groups.all?.eligible ?? 1),
      4,
    );
  });

  it('suppresses a community of its own when its counts are small (nothing below it)', () => {
    const alone = coverageReport({
      unit: name(street(1)),
      month: '2026-11',
      total: counters(street(1), 4, 2),
      children: [],
      groups: ['all'],
      threshold: 5,
    });
    expect(alone.unit.groups.all).toEqual({ eligible: null, served: null, share: null });
    expect(alone.unit.reached).toBeNull();
  });

  it('exports one row per unit with a column per figure, blanks where suppressed', () => {
    const table = coverageTable(report);
    expect(table.columns.slice(0, 6)).toEqual([
      'unit',
      'name',
      'level',
      'eligible_all',
      'served_all',
      'share_all',
    ]);
    expect(table.rows).toHaveLength(4);
    expect(table.rows[0]?.[3]).toBe(95);
    expect(table.rows[1]?.[4]).toBeNull();
  });

  it('exports a trend one month a row, blanks where suppressed', () => {
    const table = trendTable({
      unit: DISTRICT,
      group: 'all',
      threshold: 5,
      months: [
        { month: '2026-10', eligible: null, served: null, share: null },
        { month: '2026-11', eligible: 95, served: 35, share: 0.3684 },
      ],
    });
    expect(table.columns).toEqual(['month', 'eligible', 'served', 'share']);
    expect(table.rows).toEqual([
      ['2026-10', null, null, null],
      ['2026-11', 95, 35, 0.3684],
    ]);
    expect(table.name).toBe(`coverage-trend-${DISTRICT}-all`);
  });
});
