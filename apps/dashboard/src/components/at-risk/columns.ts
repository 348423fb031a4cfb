import type { Column } from '../columns';
import { integer } from '../../format/format';
import { reasonsOf } from './reasons';
import type { AtRiskElder } from './types';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Columns of the at-risk list; reasons export as translated text, figures as numbers. */
export function atRiskColumns(t: Translate): Column<AtRiskElder>[] {
  const yesNo = (v: boolean | null): string =>
    v === null ? t('atRisk.unknown') : v ? t('atRisk.yes') : t('atRisk.no');
  return [
    { key: 'residentId', label: t('atRisk.columns.residentId'), minWidth: 180 },
    {
      key: 'reasons',
      label: t('atRisk.columns.reasons'),
      value: (e) => e.groups.length,
      display: (e) =>
        reasonsOf(e)
          .map((r) => t(r.key, r.params))
          .join(', '),
      sortable: true,
      minWidth: 260,
    },
    {
      key: 'daysSinceService',
      label: t('atRisk.columns.daysSinceService'),
      kind: 'integer',
      display: (e) => (e.daysSinceService === null ? t('atRisk.never') : integer(e.daysSinceService)),
      sortable: true,
      minWidth: 130,
    },
    {
      key: 'lastServedAt',
      label: t('atRisk.columns.lastServedAt'),
      kind: 'date',
      sortable: true,
      minWidth: 140,
    },
    {
      key: 'walletUnused',
      label: t('atRisk.columns.walletUnused'),
      display: (e) => yesNo(e.walletUnused),
      value: (e) => (e.walletUnused === null ? null : e.walletUnused ? 1 : 0),
      sortable: true,
      minWidth: 130,
    },
    { key: 'risk', label: t('atRisk.columns.risk'), kind: 'integer', sortable: true, minWidth: 90 },
  ];
}
