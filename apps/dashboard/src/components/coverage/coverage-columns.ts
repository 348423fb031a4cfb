import type { Column } from '../columns';
import type { CoverageGroup, CoverageUnit } from './coverage-api';
import { countText, shareSuppressed, shareText } from './coverage-format';
import type { Translate } from './coverage-charts';

/**
 * Columns of the drill-down table for one priority group. Suppressed counts read "suppressed" (and
 * export as empty cells, never 0); reached and services count every group.
 */
export function childrenColumns(
  group: CoverageGroup,
  level: CoverageUnit['level'] | undefined,
  t: Translate,
): Column<CoverageUnit>[] {
  // Element Plus renders each column once with an empty row (`{}`) to probe its slot: read defensively.
  const figures = (row: CoverageUnit) => row.groups?.[group];
  return [
    {
      key: 'name',
      label: level ? t(`coverage.levels.${level}`) : t('common.unit'),
      sortable: true,
      minWidth: 140,
    },
    {
      key: 'eligible',
      label: t('coverage.eligible'),
      kind: 'integer',
      sortable: true,
      minWidth: 140,
      value: (row) => figures(row)?.eligible ?? null,
      display: (row) => countText(figures(row)?.eligible ?? null, t),
    },
    {
      key: 'served',
      label: t('coverage.served'),
      kind: 'integer',
      sortable: true,
      minWidth: 130,
      value: (row) => figures(row)?.served ?? null,
      display: (row) => countText(figures(row)?.served ?? null, t),
    },
    {
      key: 'share',
      label: t('coverage.share'),
      kind: 'percent',
      sortable: true,
      value: (row) => (shareSuppressed(figures(row)) ? null : (figures(row)?.share ?? null)),
      display: (row) => shareText(figures(row), t),
    },
    {
      key: 'reached',
      label: t('coverage.reachedShort'),
      kind: 'integer',
      sortable: true,
      display: (row) => countText(row.reached, t),
    },
    {
      key: 'visits',
      label: t('coverage.visits'),
      kind: 'integer',
      sortable: true,
      value: (row) => row.services?.visits,
    },
    {
      key: 'deliveries',
      label: t('coverage.deliveries'),
      kind: 'integer',
      sortable: true,
      value: (row) => row.services?.deliveries,
    },
    {
      key: 'sessions',
      label: t('coverage.sessions'),
      kind: 'integer',
      sortable: true,
      value: (row) => row.services?.sessions,
    },
  ];
}
