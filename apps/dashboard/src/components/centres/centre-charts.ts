import type { EChartsOption } from 'echarts';
import type { DailyVisits, OccupancyCurve } from './centres-api';
import { daysBetween } from './city-days';

export interface DailyPoint {
  day: string;
  visits: number;
  voided: number;
}

/**
 * The analytics answer lists days with visits only: every other day of the period had none, so the
 * chart shows it as 0 (that is what the API says), never leaves a gap that reads as "no data".
 */
export function dailySeries(answer: DailyVisits): DailyPoint[] {
  const byDay = new Map(answer.days.map((d) => [d.day, d]));
  return daysBetween(answer.from, answer.to).map((day) => ({
    day,
    visits: byDay.get(day)?.visits ?? 0,
    voided: byDay.get(day)?.voided ?? 0,
  }));
}

const BLUE = '#1d5fbf';
const GREY = '#8a94a3';
const RED = '#b42318';

export function visitsChartOption(
  points: DailyPoint[],
  labels: { visits: string; voided: string },
  dayLabel: (day: string) => string,
): EChartsOption {
  const showVoided = points.some((p) => p.voided > 0);
  return {
    grid: { left: 48, right: 16, top: 36, bottom: 56 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: showVoided ? [labels.visits, labels.voided] : [labels.visits] },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.day),
      axisLabel: { formatter: (value: string) => dayLabel(value), hideOverlap: true, color: '#434a54' },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { color: '#434a54' } },
    series: [
      { name: labels.visits, type: 'bar', data: points.map((p) => p.visits), itemStyle: { color: BLUE } },
      ...(showVoided
        ? [
            {
              name: labels.voided,
              type: 'bar' as const,
              data: points.map((p) => p.voided),
              itemStyle: { color: GREY },
            },
          ]
        : []),
    ],
  };
}

export function curveChartOption(
  curve: OccupancyCurve,
  labels: { present: string; capacity: string },
): EChartsOption {
  const top = Math.max(curve.capacity, ...curve.points.map((p) => p.present), 1);
  return {
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [labels.present] },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: curve.points.map((p) => p.time),
      axisLabel: { color: '#434a54', hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1, max: Math.ceil(top * 1.1), axisLabel: { color: '#434a54' } },
    series: [
      {
        name: labels.present,
        type: 'line',
        step: 'end',
        showSymbol: false,
        areaStyle: { opacity: 0.15 },
        data: curve.points.map((p) => p.present),
        itemStyle: { color: BLUE },
        markLine:
          curve.capacity > 0
            ? {
                symbol: 'none',
                lineStyle: { color: RED, type: 'dashed' },
                label: {
                  formatter: `${labels.capacity} ${curve.capacity}`,
                  color: RED,
                  position: 'insideEndTop',
                },
                data: [{ yAxis: curve.capacity }],
              }
            : undefined,
      },
    ],
  };
}
