import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { OutcomeReport } from './outcome-report.js';

/** One row per dimension: the report's figures, full precision (a spreadsheet rounds for display). */
export const DIMENSION_COLUMNS = [
  'dimension',
  'title_zh',
  'title_en',
  'n_paired',
  'pre_mean',
  'pre_median',
  'pre_sd',
  'post_mean',
  'post_median',
  'post_sd',
  'mean_change',
  'ci95_low',
  'ci95_high',
  't',
  'df',
  't_test_p',
  'wilcoxon_statistic',
  'wilcoxon_p',
  'wilcoxon_method',
  'cohens_dz',
  'pre_band',
  'post_band',
] as const;

export function dimensionRows(report: OutcomeReport): (string | number | null)[][] {
  return report.dimensions.map(({ code, title, outcome: o }) => [
    code,
    title.zh,
    title.en,
    o.n,
    o.pre.mean,
    o.pre.median,
    o.pre.sd,
    o.post.mean,
    o.post.median,
    o.post.sd,
    o.meanChange,
    o.meanChangeCi95?.lower ?? null,
    o.meanChangeCi95?.upper ?? null,
    o.tTest?.t ?? null,
    o.tTest?.df ?? null,
    o.tTest?.p ?? null,
    o.wilcoxon?.statistic ?? null,
    o.wilcoxon?.p ?? null,
    o.wilcoxon?.method ?? null,
    o.effectSizeDz,
    o.levels.pre,
    o.levels.post,
  ]);
}

export function outcomeCsv(report: OutcomeReport): string {
  return stringify([[...DIMENSION_COLUMNS], ...dimensionRows(report)], {
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
}

/** Summary, Dimensions and Surveys sheets; a small report, so one buffer. */
export async function outcomeWorkbook(report: OutcomeReport, title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const summary = book.addWorksheet('Summary');
  summary.columns = [
    { header: 'figure', key: 'k', width: 28 },
    { header: 'value', key: 'v', width: 48 },
  ];
  const facts: [string, string | number | null][] = [
    ['programme', title],
    ['programmeId', report.programmeId],
    ['instrument', report.instrument],
    ['members', report.members],
    ['withdrawn', report.withdrawn],
    ['sessions held', report.sessionsHeld],
    ['completing', report.completing],
    ['completion rate', report.completionRate],
    ['paired', report.paired],
    ['left out: post without pre', report.leftOut.postWithoutPre],
    ['left out: pre without post', report.leftOut.preWithoutPost],
    ['left out: withdrawn', report.leftOut.withdrawn],
    ['methods', report.methods],
  ];
  for (const [k, v] of facts) summary.addRow({ k, v });
  const dimensions = book.addWorksheet('Dimensions');
  dimensions.addRow([...DIMENSION_COLUMNS]);
  for (const row of dimensionRows(report)) dimensions.addRow(row);
  const surveys = book.addWorksheet('Surveys');
  surveys.addRow([
    'row question',
    'column question',
    'option',
    'row',
    'chose',
    'did not choose',
    'chi2',
    'df',
    'p',
    'warning',
  ]);
  for (const s of report.surveys) {
    s.table.rowLabels.forEach((label, i) =>
      surveys.addRow([
        s.rowQuestion,
        s.columnQuestion,
        s.option,
        label,
        s.table.observed[i]?.[0] ?? null,
        s.table.observed[i]?.[1] ?? null,
        s.table.chiSquare?.statistic ?? null,
        s.table.chiSquare?.df ?? null,
        s.table.chiSquare?.p ?? null,
        s.table.warnings.length > 0 ? 'expected count below 5' : null,
      ]),
    );
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
