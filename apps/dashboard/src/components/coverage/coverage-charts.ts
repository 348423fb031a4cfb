import type { EChartsOption } from 'echarts';
import { integer, month as monthText, percent } from '../../format/format';
import type { CoverageGroup, CoverageUnit, GroupFigures, TrendMonth } from './coverage-api';
import { countText, shareSuppressed } from './coverage-format';

export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** Share bands: low coverage stands out in red, good coverage in the brand blue. */
export const SHARE_BANDS = [
  { below: 0.6, color: '#b42318', text: '#ffffff', key: 'low' },
  { below: 0.8, color: '#f0b429', text: '#1f2329', key: 'fair' },
  { below: 0.9, color: '#8fb8ec', text: '#1f2329', key: 'good' },
  { below: Infinity, color: '#1d5fbf', text: '#ffffff', key: 'high' },
] as const;

export function bandOf(share: number): (typeof SHARE_BANDS)[number] {
  return SHARE_BANDS.find((b) => share < b.below) ?? SHARE_BANDS[3];
}

const AXIS_TEXT = '#434a54';
/** The grid keeps its axis labels inside the chart (ECharts 6's successor of `containLabel`). */
const CONTAIN_LABELS = { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' } as const;
const axisPercent = (value: number): string => `${Math.round(value * 100)}%`;

/** The first data index of an axis tooltip's parameters. */
function indexOf(params: unknown): number {
  const first: unknown = Array.isArray(params) ? params[0] : params;
  const index = (first as { dataIndex?: unknown } | undefined)?.dataIndex;
  return typeof index === 'number' ? index : -1;
}

function figuresTooltip(title: string, figures: GroupFigures | undefined, t: Translate): string {
  if (!figures) return title;
  const share = shareSuppressed(figures) ? t('common.suppressed') : percent(figures.share);
  return [
    `<strong>${title}</strong>`,
    `${t('coverage.eligible')}: ${countText(figures.eligible, t)}`,
    `${t('coverage.served')}: ${countText(figures.served, t)}`,
    `${t('coverage.share')}: ${share}`,
  ].join('<br/>');
}

interface Bar {
  name: string;
  figures: GroupFigures | undefined;
}

/** Horizontal bars of shares; a suppressed share draws no bar and says so beside its name. */
function shareBars(bars: Bar[], t: Translate): EChartsOption {
  const labelOf = (bar: Bar): string =>
    shareSuppressed(bar.figures)
      ? t('coverage.withNote', { name: bar.name, note: t('common.suppressed') })
      : bar.name;
  return {
    grid: { left: 8, right: 56, top: 8, bottom: 8, ...CONTAIN_LABELS },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const bar = bars[indexOf(params)];
        return bar ? figuresTooltip(bar.name, bar.figures, t) : '';
      },
    },
    xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: axisPercent, color: AXIS_TEXT } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.name),
      axisLabel: { color: AXIS_TEXT, formatter: (_: string, i: number) => (bars[i] ? labelOf(bars[i]) : '') },
    },
    series: [
      {
        type: 'bar',
        name: t('coverage.share'),
        barMaxWidth: 28,
        data: bars.map((b) => {
          const share = shareSuppressed(b.figures) ? null : (b.figures?.share ?? null);
          return share === null ? null : { value: share, itemStyle: { color: bandOf(share).color } };
        }),
        label: {
          show: true,
          position: 'right',
          color: '#1f2329',
          formatter: (p: unknown) => percent((p as { value?: number }).value ?? null),
        },
      },
    ],
  };
}

/** Coverage share by priority group of one unit (the overview's chart). */
export function groupShareOption(unit: CoverageUnit, groups: CoverageGroup[], t: Translate): EChartsOption {
  return shareBars(
    groups.map((g) => ({ name: t(`coverage.groups.${g}`), figures: unit.groups[g] })),
    t,
  );
}

/** Coverage share of a unit's children for one group (the drill-down chart; a bar's name is the child's). */
export function childrenShareOption(
  children: CoverageUnit[],
  group: CoverageGroup,
  t: Translate,
): EChartsOption {
  return shareBars(
    children.map((c) => ({ name: c.name, figures: c.groups[group] })),
    t,
  );
}

/** Height that fits one bar per row. */
export function barsHeight(count: number): number {
  return Math.max(160, 48 + count * 40);
}

/** The children as tiles sized by eligible elders and coloured by share band (suppressed ones left out). */
export function childrenTreemapOption(
  children: CoverageUnit[],
  group: CoverageGroup,
  t: Translate,
): EChartsOption {
  const tiles = children
    .filter((c) => !shareSuppressed(c.groups[group]) && (c.groups[group]?.eligible ?? 0) > 0)
    .map((c) => {
      const figures = c.groups[group];
      const share = figures?.share ?? 0;
      const band = bandOf(share);
      return {
        name: c.name,
        value: figures?.eligible ?? 0,
        share,
        itemStyle: { color: band.color, borderColor: '#ffffff', borderWidth: 2 },
        label: { color: band.text },
      };
    });
  return {
    tooltip: {
      formatter: (params: unknown) => {
        const name = (params as { name?: string }).name ?? '';
        return figuresTooltip(name, children.find((c) => c.name === name)?.groups[group], t);
      },
    },
    series: [
      {
        type: 'treemap',
        roam: false,
        nodeClick: false,
        breadcrumb: { show: false },
        width: '100%',
        height: '100%',
        top: 0,
        left: 0,
        label: {
          show: true,
          formatter: (p: unknown) => {
            const tile = tiles.find((x) => x.name === (p as { name?: string }).name);
            return tile ? `${tile.name}\n${percent(tile.share)} · ${integer(tile.value)}` : '';
          },
        },
        data: tiles,
      },
    ],
  };
}

/** Children the treemap cannot draw (their counts are suppressed). */
export function treemapLeftOut(children: CoverageUnit[], group: CoverageGroup): number {
  return children.filter((c) => shareSuppressed(c.groups[group])).length;
}

/** A unit's share month by month (line) over its eligible and served elders (bars, right axis). */
export function trendOption(months: TrendMonth[], t: Translate): EChartsOption {
  const suppressed = (m: TrendMonth): boolean => m.eligible === null || m.served === null;
  return {
    grid: { left: 8, right: 8, top: 40, bottom: 8, ...CONTAIN_LABELS },
    legend: { top: 0, textStyle: { color: AXIS_TEXT } },
    tooltip: {
      trigger: 'axis',
      formatter: (params: unknown) => {
        const m = months[indexOf(params)];
        if (!m) return '';
        return figuresTooltip(monthText(m.month), m, t);
      },
    },
    xAxis: { type: 'category', data: months.map((m) => monthText(m.month)), axisLabel: { color: AXIS_TEXT } },
    yAxis: [
      { type: 'value', min: 0, max: 1, axisLabel: { formatter: axisPercent, color: AXIS_TEXT } },
      { type: 'value', minInterval: 1, splitLine: { show: false }, axisLabel: { color: AXIS_TEXT } },
    ],
    series: [
      {
        type: 'bar',
        name: t('coverage.eligible'),
        yAxisIndex: 1,
        barMaxWidth: 18,
        itemStyle: { color: '#c9d6e8' },
        data: months.map((m) => m.eligible),
      },
      {
        type: 'bar',
        name: t('coverage.served'),
        yAxisIndex: 1,
        barMaxWidth: 18,
        itemStyle: { color: '#8fb8ec' },
        data: months.map((m) => m.served),
      },
      {
        type: 'line',
        name: t('coverage.share'),
        yAxisIndex: 0,
        connectNulls: false,
        symbolSize: 7,
        lineStyle: { width: 3, color: '#1d5fbf' },
        itemStyle: { color: '#1d5fbf' },
        data: months.map((m) => (suppressed(m) ? null : m.share)),
      },
    ],
  };
}
