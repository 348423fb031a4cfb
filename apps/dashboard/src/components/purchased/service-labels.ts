type Translate = (key: string, named?: Record<string, unknown>) => string;

/** A service-level target in the unit people say it in: 30 min, 48 h, 7 days. */
export function slaText(minutes: number, t: Translate): string {
  if (minutes < 120 || minutes % 60 !== 0) return t('purchased.sla.minutes', { n: minutes });
  const hours = minutes / 60;
  if (hours <= 72 || hours % 24 !== 0) return t('purchased.sla.hours', { n: hours });
  return t('purchased.sla.days', { n: hours / 24 });
}

export type StateTone = 'ok' | 'info' | 'warn' | 'bad' | 'muted';

/** How an order's state reads at a glance: open (info), needs attention (warn/bad), done (ok/muted). */
export function stateTone(state: string, overdue = false): StateTone {
  if (overdue) return 'bad';
  switch (state) {
    case 'delivered':
    case 'paid':
      return 'ok';
    case 'declined':
    case 'payment-rejected':
      return 'warn';
    case 'failed':
      return 'bad';
    case 'cancelled':
      return 'muted';
    default:
      return 'info';
  }
}
