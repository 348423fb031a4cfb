import type { Page } from '../../api/http';

/** One elder to follow up (analytics `GET /at-risk`): ids and coded facts only. */
export interface AtRiskElder {
  residentId: string;
  communityPath: string;
  groups: string[];
  /** Whole days since the last service; null: never served. */
  daysSinceService: number | null;
  lastServedAt: string | null;
  /** Credited this month and nothing spent; null: no credit this month or not known. */
  walletUnused: boolean | null;
  /** Higher is more urgent. */
  risk: number;
}

export interface AtRiskAnswer extends Page<AtRiskElder> {
  community: string;
  days: number;
  /** The local day the list is judged on. */
  today: string;
  /** Elders at risk in the community, all pages. */
  total: number;
}

/** Days without service the page offers (the API takes 1–366; none chosen: the city's default). */
export const DAY_WINDOWS = [7, 14, 30, 60, 90, 180] as const;

/** The API's export is one page: at most this many, most urgent first. */
export const EXPORT_LIMIT = 200;
export const PAGE_SIZE = 50;

/** A community path has four levels: city.district.street.community. */
export function isCommunityPath(path: string): boolean {
  return /^\d+(\.\d+){3}$/.test(path);
}

/** `?days=` as the API takes it, or undefined (the city's default) when absent or out of range. */
export function parseDays(text: string): number | undefined {
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= 366 ? n : undefined;
}
