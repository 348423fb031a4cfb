import type { PriorityGroup } from '#anlao/events';
import { groupsIn, type ResidentProfile } from '../resident-profiles/resident-profile.js';

/** One elder to follow up: why, and how urgent. Ids and coded facts only (no name, no ID number). */
export interface AtRiskElder {
  residentId: string;
  communityPath: string;
  groups: PriorityGroup[];
  /** Whole days since the last service analytics read; null: none ever. */
  daysSinceService: number | null;
  lastServedAt: string | null;
  /** Credited this month and nothing spent (null: no credit this month, or not known yet). */
  walletUnused: boolean | null;
  /** Higher is more urgent (see `riskScore`). */
  risk: number;
}

const DAY_MS = 86_400_000;

/** Groups that weigh most: alone and 80+, or shidu, are the field studies' hardest to reach. */
const WEIGHTS: Record<PriorityGroup, number> = {
  'living-alone': 30,
  shidu: 30,
  'aged-80-plus': 25,
  'low-income': 20,
  'empty-nest': 10,
  'rural-hukou': 10,
};

/**
 * Days without service count one each, capped at twice the window (never served counts as the cap);
 * each group adds its weight; an unused wallet adds 15 (a credit the elder did not or could not use).
 */
export function riskScore(
  groups: readonly PriorityGroup[],
  days: number | null,
  window: number,
  walletUnused: boolean | null,
): number {
  const cap = 2 * window;
  const idle = days === null ? cap : Math.min(days, cap);
  return idle + groups.reduce((sum, g) => sum + WEIGHTS[g], 0) + (walletUnused ? 15 : 0);
}

/**
 * The elders of a community at risk on `today`: alive, in a priority group this month, and no visit,
 * delivery or attended session in the last `window` days; most urgent first, then by id.
 */
export function atRiskElders(
  profiles: readonly ResidentProfile[],
  input: { today: string; window: number; walletUnused: (residentId: string) => boolean | null },
): AtRiskElder[] {
  const month = input.today.slice(0, 7);
  const todayMs = Date.parse(`${input.today}T00:00:00Z`);
  const out: AtRiskElder[] = [];
  for (const p of profiles) {
    if (p.diedOn !== null && p.diedOn <= input.today) continue;
    const groups = groupsIn(p, month);
    if (groups.length === 0) continue;
    const lastDay = p.lastServedAt?.slice(0, 10) ?? null;
    const days =
      lastDay === null
        ? null
        : Math.max(0, Math.floor((todayMs - Date.parse(`${lastDay}T00:00:00Z`)) / DAY_MS));
    if (days !== null && days < input.window) continue;
    const walletUnused = input.walletUnused(p._id);
    out.push({
      residentId: p._id,
      communityPath: p.communityPath,
      groups,
      daysSinceService: days,
      lastServedAt: p.lastServedAt,
      walletUnused,
      risk: riskScore(groups, days, input.window, walletUnused),
    });
  }
  return out.sort((a, b) => b.risk - a.risk || a.residentId.localeCompare(b.residentId));
}
