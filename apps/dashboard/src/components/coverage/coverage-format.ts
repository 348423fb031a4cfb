import { integer, percent } from '../../format/format';
import type { GroupFigures } from './coverage-api';

type Translate = (key: string) => string;

/** A count of people: suppressed (`null`) is said so, never shown as 0. */
export function countText(value: number | null | undefined, t: Translate): string {
  if (value === null) return t('common.suppressed');
  return integer(value);
}

/** A group's share: suppressed when its counts are, a dash when nobody is eligible. */
export function shareText(figures: GroupFigures | undefined, t: Translate): string {
  if (!figures) return '—';
  return shareSuppressed(figures) ? t('common.suppressed') : percent(figures.share);
}

/** Whether the share is hidden by suppression (as opposed to having no denominator). */
export function shareSuppressed(figures: GroupFigures | undefined): boolean {
  return Boolean(figures && (figures.eligible === null || figures.served === null));
}
