import { createHash } from 'node:crypto';
import type { PayloadOf } from '#anlao/events';
import type { OutcomeReport } from './outcome-report.js';

/** The aggregate the organisation submits: figures per dimension, never an answer or a name. */
export function outcomeFigures(
  report: OutcomeReport,
  programme: {
    providerId: string;
    communityPath: string;
    theme: string;
    theories: PayloadOf<'outcome.submitted'>['theories'];
  },
): PayloadOf<'outcome.submitted'> {
  return {
    programmeId: report.programmeId,
    providerId: programme.providerId,
    communityPath: programme.communityPath,
    theme: programme.theme,
    theories: programme.theories,
    instrument: report.instrument,
    members: report.members,
    completing: report.completing,
    paired: report.paired,
    leftOut: report.leftOut,
    dimensions: report.dimensions.map(({ code, outcome: o }) => ({
      code,
      n: o.n,
      preMean: o.pre.mean,
      postMean: o.post.mean,
      meanChange: o.meanChange,
      ciLow: o.meanChangeCi95?.lower ?? null,
      ciHigh: o.meanChangeCi95?.upper ?? null,
      t: o.tTest?.t ?? null,
      df: o.tTest?.df ?? null,
      tTestP: o.tTest?.p ?? null,
      wilcoxonStatistic: o.wilcoxon?.statistic ?? null,
      wilcoxonP: o.wilcoxon?.p ?? null,
      wilcoxonMethod: o.wilcoxon?.method ?? null,
      cohensDz: o.effectSizeDz,
      preBand: o.levels.pre,
      postBand: o.levels.post,
    })),
  };
}

export function contentHashOf(figures: PayloadOf<'outcome.submitted'>): string {
  return createHash('sha256').update(JSON.stringify(figures)).digest('hex');
}
