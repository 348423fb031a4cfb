import { EligibilityService, FALLBACK_RULE_SET } from './eligibility.service.js';
import type { RuleSet } from './eligibility-rules.js';

/**
 * The rule set a job fixed when it started, by version (published sets are never
 * edited), so a job resumed after a crash decides as it began even if another set
 * was published meanwhile. Unknown versions fall back to the set in force on `day`.
 */
export async function ruleSetByVersion(
  eligibility: EligibilityService,
  version: unknown,
  day: string,
): Promise<RuleSet> {
  if (version === FALLBACK_RULE_SET.version) return FALLBACK_RULE_SET;
  const fixed = (await eligibility.all()).find((r) => r.version === version);
  return fixed ?? eligibility.activeOn(day);
}
