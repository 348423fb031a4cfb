import type { EChartsOption } from 'echarts';
import type { LevelBand, OutcomeReport } from './interventions-api';

/** The seeds' level bands (interventions' `level-band.ts`): lower-inclusive bounds on the instrument's scale. */
export const LEVEL_BANDS: { band: Exclude<LevelBand, 'below-qualified'>; from: number; to: number | null }[] =
  [
    { band: 'qualified', from: 2.25, to: 3.0 },
    { band: 'good', from: 3.0, to: 3.75 },
    { band: 'excellent', from: 3.75, to: null },
  ];

/** The significance level the analytics reports use (`significant` = p < 0.05). */
export const ALPHA = 0.05;

/** One dimension of the outcome report, flattened for the table and its export. */
export interface DimensionRow {
  code: string;
  dimension: string;
  n: number;
  nIncomplete: number;
  preMean: number | null;
  postMean: number | null;
  meanChange: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  t: number | null;
  df: number | null;
  tP: number | null;
  tNullReason: string | null;
  ciNullReason: string | null;
  wStatistic: number | null;
  wP: number | null;
  wMethod: string | null;
  wNullReason: string | null;
  dz: number | null;
  dzNullReason: string | null;
  /** Paired t-test p < 0.05; null when there is no test. */
  significant: boolean | null;
  wilcoxonSignificant: boolean | null;
  preBand: LevelBand | null;
  postBand: LevelBand | null;
}

export function dimensionRows(report: OutcomeReport, locale: string): DimensionRow[] {
  return report.dimensions.map(({ code, title, outcome: o }) => ({
    code,
    dimension: locale === 'en' ? title.en : title.zh,
    n: o.n,
    nIncomplete: o.nIncomplete,
    preMean: o.pre.mean,
    postMean: o.post.mean,
    meanChange: o.meanChange,
    ciLower: o.meanChangeCi95?.lower ?? null,
    ciUpper: o.meanChangeCi95?.upper ?? null,
    t: o.tTest?.t ?? null,
    df: o.tTest?.df ?? null,
    tP: o.tTest?.p ?? null,
    tNullReason: o.tTestNullReason,
    ciNullReason: o.meanChangeCi95NullReason,
    wStatistic: o.wilcoxon?.statistic ?? null,
    wP: o.wilcoxon?.p ?? null,
    wMethod: o.wilcoxon?.method ?? null,
    wNullReason: o.wilcoxonNullReason,
    dz: o.effectSizeDz,
    dzNullReason: o.effectSizeDzNullReason,
    significant: o.tTest ? o.tTest.p < ALPHA : null,
    wilcoxonSignificant: o.wilcoxon ? o.wilcoxon.p < ALPHA : null,
    preBand: o.levels.pre,
    postBand: o.levels.post,
  }));
}

/** A p-value as people read it: three decimals, or "< 0.001". */
export function pValue(p: number | null, format: (n: number, digits: number) => string): string {
  if (p === null) return '—';
  return p < 0.001 ? `< ${format(0.001, 3)}` : format(p, 3);
}

export interface OutcomeChartText {
  pre: string;
  post: string;
  bands: Record<Exclude<LevelBand, 'below-qualified'>, string>;
  axis: string;
}

const BAND_COLOURS: Record<Exclude<LevelBand, 'below-qualified'>, string> = {
  qualified: 'rgba(250, 200, 80, 0.16)',
  good: 'rgba(80, 170, 110, 0.16)',
  excellent: 'rgba(40, 120, 200, 0.14)',
};

/**
 * Pre and post mean per dimension as grouped bars on the instrument's scale, with the level bands drawn
 * behind them (markArea). Means keep full precision; the tooltip shows two decimals.
 */
export function outcomeChartOption(
  rows: DimensionRow[],
  text: OutcomeChartText,
  scale: { min: number; max: number } | null,
  format: (n: number) => string,
): EChartsOption {
  const top = scale?.max ?? null;
  return {
    grid: { left: 48, right: 96, top: 40, bottom: 48, containLabel: true },
    legend: { top: 0, data: [text.pre, text.post] },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v) => (typeof v === 'number' ? format(v) : '—'),
    },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.dimension),
      axisLabel: { interval: 0, width: 110, overflow: 'break' },
    },
    yAxis: {
      type: 'value',
      name: text.axis,
      min: scale?.min ?? 0,
      ...(top !== null ? { max: top } : {}),
    },
    series: [
      {
        name: text.pre,
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: '#8a94a3' },
        data: rows.map((r) => r.preMean),
        markArea: {
          silent: true,
          label: { position: 'right', color: '#434a54', fontSize: 12 },
          data: LEVEL_BANDS.map((b) => [
            { name: text.bands[b.band], yAxis: b.from, itemStyle: { color: BAND_COLOURS[b.band] } },
            { yAxis: b.to ?? top ?? b.from + 1 },
          ]),
        },
      },
      {
        name: text.post,
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: '#1d5fbf' },
        data: rows.map((r) => r.postMean),
      },
    ],
  };
}
