import type { Column } from '../columns';
import type { Resident } from './types';

type Translate = (key: string) => string;
type Code = (group: string, code: string | null | undefined, fallback?: string) => string;

/** Columns of the residents list (labels translated, codes shown in words; sorting and export by DataTable). */
export function residentColumns(
  t: Translate,
  code: Code,
  communityName: (path: string) => string,
  categoryDescription: (code: string) => string | undefined,
): Column<Resident>[] {
  const categories = (r: Resident): string =>
    r.eligibility.categories
      .map((c) => code('residents.codes.category', c, categoryDescription(c)))
      .join(', ');
  return [
    { key: 'name', label: t('residents.columns.name'), sortable: true, minWidth: 100 },
    { key: 'nationalId', label: t('residents.columns.nationalId'), minWidth: 180 },
    {
      key: 'sex',
      label: t('residents.columns.sex'),
      display: (r) => code('residents.codes.sex', r.sex),
      minWidth: 80,
    },
    {
      key: 'birthDate',
      label: t('residents.columns.birthDate'),
      kind: 'date',
      sortable: true,
      minWidth: 150,
    },
    {
      key: 'community',
      label: t('residents.columns.community'),
      value: (r) => communityName(r.communityPath),
      sortable: true,
      minWidth: 120,
    },
    {
      key: 'categories',
      label: t('residents.columns.categories'),
      value: (r) => categories(r),
      display: (r) => categories(r) || '—',
      minWidth: 200,
    },
    {
      key: 'card',
      label: t('residents.columns.card'),
      value: (r) => r.card?.status ?? 'none',
      display: (r) => code('residents.codes.cardStatus', r.card?.status ?? 'none'),
      sortable: true,
      minWidth: 100,
    },
    {
      key: 'status',
      label: t('residents.columns.status'),
      display: (r) => code('residents.codes.status', r.status),
      sortable: true,
      minWidth: 90,
    },
    { key: 'residentId', label: t('residents.columns.residentId'), minWidth: 170 },
  ];
}
