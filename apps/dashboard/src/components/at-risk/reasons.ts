import type { AtRiskElder } from './types';

export type ReasonTone = 'danger' | 'warn' | 'primary';

/** Why an elder is on the list, as message keys (`atRisk.reasons.*`, `atRisk.groups.*`) with their values. */
export interface Reason {
  key: string;
  params?: Record<string, number>;
  tone: ReasonTone;
}

/** The elder's reasons, most telling first: no service (never, or for how long), an unused wallet, the groups. */
export function reasonsOf(elder: AtRiskElder): Reason[] {
  const reasons: Reason[] = [
    elder.daysSinceService === null
      ? { key: 'atRisk.reasons.neverServed', tone: 'danger' }
      : { key: 'atRisk.reasons.daysWithout', params: { n: elder.daysSinceService }, tone: 'warn' },
  ];
  if (elder.walletUnused === true) reasons.push({ key: 'atRisk.reasons.walletUnused', tone: 'warn' });
  for (const group of elder.groups) reasons.push({ key: `atRisk.groups.${group}`, tone: 'primary' });
  return reasons;
}
