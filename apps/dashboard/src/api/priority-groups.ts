import type { PriorityGroup } from '#anlao/events';

/**
 * The priority groups of the service catalogue (libs/events), in its order. Restated as values because
 * the library's list is a zod enum behind an index that also loads node:crypto, neither of which the
 * bundle should carry; the library's type is imported alone (erased from the bundle), so a group
 * listed here that it does not know, or one of its groups missing here, fails the type check.
 */
export const PRIORITY_GROUPS = [
  'living-alone',
  'shidu',
  'empty-nest',
  'aged-80-plus',
  'low-income',
  'rural-hukou',
] as const satisfies readonly PriorityGroup[];

type Unlisted = Exclude<PriorityGroup, (typeof PRIORITY_GROUPS)[number]>;
const _everyGroupListed: [Unlisted] extends [never] ? true : Unlisted = true;
