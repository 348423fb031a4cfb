import { downloadFromApi, getJson } from '../../api/http';
import { EXPORT_LIMIT, PAGE_SIZE, type AtRiskAnswer } from './types';

const PATH = '/api/analytics/at-risk';

/** One page of a community's elders at risk, most urgent first (an audited listing of personal data). */
export function atRiskPage(
  community: string,
  days: number | undefined,
  after?: string,
): Promise<AtRiskAnswer> {
  return getJson<AtRiskAnswer>(PATH, { community, days, after, limit: PAGE_SIZE });
}

/** The API-rendered list (audited): its first page of at most EXPORT_LIMIT elders. */
export function downloadAtRisk(
  kind: 'csv' | 'xlsx',
  community: string,
  days: number | undefined,
  fileName: string,
): Promise<void> {
  return downloadFromApi(
    `${PATH}/export.${kind}`,
    { community, days, limit: EXPORT_LIMIT },
    `${fileName}.${kind}`,
  );
}
