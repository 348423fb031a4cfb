import type { Order, OrderState } from '../purchased/purchased-api';

/**
 * The steps of an order (ADR 0025: requested → dispatched → accepted | declined → scheduled →
 * delivered | failed; cancelled from any open state), as far as the order itself tells them.
 *
 * The API keeps the current state, a few instants — `requestedAt`, `scheduledFor` (the planned
 * visit), `startedAt`/`endedAt` (the delivery) — and the order's `history`: each step's event with
 * its time (the latest of each kind, as a declined order is dispatched again). A step is `done` only
 * when the order's fields prove it was reached; its time is shown only when the API has one (`at`),
 * never guessed — orders stored before the history was kept have none for the middle steps.
 */
export type StepKey =
  | 'requested'
  | 'dispatched'
  | 'accepted'
  | 'declined'
  | 'scheduled'
  | 'delivered'
  | 'failed'
  | 'cancelled'
  | 'paid'
  | 'payment-rejected';

export interface Step {
  key: StepKey;
  status: 'done' | 'current' | 'waiting' | 'stopped';
  /** What the instant means: when it happened, the planned visit, or the delivery's start and end. */
  at?: { kind: 'at' | 'planned' | 'span'; from: string; to?: string };
  reason?: string | null;
}

const AFTER_DISPATCH: readonly OrderState[] = [
  'dispatched',
  'accepted',
  'scheduled',
  'delivered',
  'failed',
  'paid',
  'payment-rejected',
];
const AFTER_ACCEPT: readonly OrderState[] = [
  'accepted',
  'scheduled',
  'delivered',
  'failed',
  'paid',
  'payment-rejected',
];
const DELIVERED: readonly OrderState[] = ['delivered', 'paid', 'payment-rejected'];

export function orderTimeline(o: Order): Step[] {
  const s = o.state;
  const ended = s === 'cancelled' || s === 'failed';
  // A cancelled order keeps its provider unless it had been declined (the decline lets it go).
  const dispatched = AFTER_DISPATCH.includes(s) || (s === 'cancelled' && o.providerId !== null);
  const accepted = AFTER_ACCEPT.includes(s) || (s === 'cancelled' && o.scheduledFor !== null);
  const scheduled = o.scheduledFor !== null;
  const delivered = DELIVERED.includes(s);
  const pending = (reached: boolean, isCurrent: boolean): Step['status'] =>
    isCurrent ? 'current' : reached ? 'done' : ended ? 'stopped' : 'waiting';

  // The latest time of each step's event: a step is timed only when it was reached.
  const last = new Map((o.history ?? []).map((h) => [h.event, h.at]));
  const timed = (key: StepKey, reached: boolean): Pick<Step, 'at'> => {
    const at = reached ? last.get(`order.${key}`) : undefined;
    return at ? { at: { kind: 'at', from: at } } : {};
  };

  const steps: Step[] = [{ key: 'requested', status: 'done', at: { kind: 'at', from: o.requestedAt } }];
  if (s === 'declined') {
    steps.push(
      { key: 'dispatched', status: 'done', ...timed('dispatched', true) },
      { key: 'declined', status: 'current', reason: o.reason, ...timed('declined', true) },
    );
  } else {
    steps.push({
      key: 'dispatched',
      status: pending(dispatched, s === 'dispatched'),
      ...timed('dispatched', dispatched),
    });
  }
  steps.push({
    key: 'accepted',
    status: pending(accepted, s === 'accepted'),
    ...timed('accepted', accepted),
  });
  steps.push({
    key: 'scheduled',
    status: pending(scheduled, s === 'scheduled'),
    ...(o.scheduledFor ? { at: { kind: 'planned' as const, from: o.scheduledFor } } : {}),
  });
  if (s === 'failed')
    steps.push({ key: 'failed', status: 'current', reason: o.reason, ...timed('failed', true) });
  else if (s === 'cancelled')
    steps.push({ key: 'cancelled', status: 'current', reason: o.reason, ...timed('cancelled', true) });
  else
    steps.push({
      key: 'delivered',
      status: pending(delivered, s === 'delivered'),
      ...(o.startedAt
        ? { at: { kind: 'span' as const, from: o.startedAt, to: o.endedAt ?? undefined } }
        : {}),
    });
  if (s === 'paid') steps.push({ key: 'paid', status: 'current', ...timed('paid', true) });
  if (s === 'payment-rejected')
    steps.push({
      key: 'payment-rejected',
      status: 'current',
      reason: o.reason,
      ...timed('payment-rejected', true),
    });
  return steps;
}
