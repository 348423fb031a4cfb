import type { AnyEvent } from '#anlao/events';
import { PlanBuilder } from '../projection/projection-plan.js';
import { AccessibilityCollections as C, CLOCK_ID } from './accessibility-collections.js';
import { emptyOrder, foldOrder, ORDER_EVENTS, type OrderEvent, type OrderRecord } from './order-record.js';
import { orderTally } from './order-tally.js';
import {
  emptyState,
  STATE_COLLECTIONS,
  type StateKind,
  type StepContext,
  type StepKeys,
  type StepState,
} from './step-state.js';
import {
  centreTally,
  contractTally,
  foldCentre,
  foldContract,
  foldOrgUnit,
  foldPlace,
  foldWorker,
  orgUnitTally,
  placeTally,
  workerTally,
} from './supply-records.js';
import { planTallyChange, storedTally, type CountedTally, type Tally } from './tally.js';
import {
  emptyWalletMonth,
  foldResidentPlace,
  foldWallet,
  RESIDENT_PLACE_EVENTS,
  walletMonthId,
  walletMonthOf,
  walletTally,
} from './wallet-records.js';

export const ACCESSIBILITY_EVENTS = [
  'org-unit.created',
  ...RESIDENT_PLACE_EVENTS,
  'wallet.credited',
  'wallet.debited',
  'centre.registered',
  'centre.updated',
  'centre.deactivated',
  'provider.registered',
  'provider.updated',
  'provider.worker-changed',
  'contract.signed',
  'contract.amended',
  'contract.closed',
  ...ORDER_EVENTS,
] as const;
export type AccessibilityEvent = Extract<AnyEvent, { type: (typeof ACCESSIBILITY_EVENTS)[number] }>;

const isOrderEvent = (e: AccessibilityEvent): e is OrderEvent =>
  (ORDER_EVENTS as readonly string[]).includes(e.type);

/** The state documents an event folds into: kind and `_id`. */
function targetsOf(event: AccessibilityEvent, ctx: StepContext): [StateKind, string][] {
  if (isOrderEvent(event)) return [['orders', event.payload.orderId]];
  switch (event.type) {
    case 'org-unit.created':
      return [['orgUnits', event.payload.path]];
    case 'centre.registered':
    case 'centre.updated':
    case 'centre.deactivated':
      return [['centres', event.payload.centreId]];
    case 'contract.signed':
    case 'contract.amended':
    case 'contract.closed':
      return [['contracts', event.payload.contractId]];
    case 'provider.registered':
    case 'provider.updated':
      return [['places', event.payload.providerId]];
    case 'provider.worker-changed':
      return [['workers', `${event.payload.providerId}:${event.payload.workerId}`]];
    case 'wallet.credited':
    case 'wallet.debited': {
      const id = event.payload.residentId;
      return [
        ['residents', id],
        ['wallets', walletMonthId(id, walletMonthOf(event, ctx.timeZone))],
      ];
    }
    default:
      return [['residents', event.payload.residentId]];
  }
}

export function keysOf(events: readonly AccessibilityEvent[], ctx: StepContext): StepKeys {
  const keys = Object.fromEntries(
    Object.keys(STATE_COLLECTIONS).map((k) => [k, new Set<string>()]),
  ) as StepKeys;
  for (const event of events) for (const [kind, id] of targetsOf(event, ctx)) keys[kind].add(id);
  return keys;
}

/** Folds one event into `state`; returns the state document it changed (kind and id), if any. */
function fold(event: AccessibilityEvent, state: StepState, ctx: StepContext): [StateKind, string] | null {
  // The document an event changes is its last target (a wallet event reads the elder's place first).
  const [kind, id] = targetsOf(event, ctx).at(-1) ?? ['residents', ''];
  const put = <T>(
    map: Map<string, T>,
    before: T | undefined,
    after: T | null,
  ): [StateKind, string] | null => {
    if (after === null || after === before) return null;
    map.set(id, after);
    return [kind, id];
  };
  if (isOrderEvent(event)) {
    const before = state.orders.get(id) ?? emptyOrder(id);
    return put(state.orders, before, foldOrder(before, event, ctx.sla));
  }
  const { orgUnits, centres, contracts, places, workers, wallets, residents } = state;
  switch (event.type) {
    case 'org-unit.created':
      return put(orgUnits, orgUnits.get(id), foldOrgUnit(orgUnits.get(id) ?? null, event));
    case 'centre.registered':
    case 'centre.updated':
    case 'centre.deactivated':
      return put(centres, centres.get(id), foldCentre(centres.get(id) ?? null, event));
    case 'contract.signed':
    case 'contract.amended':
    case 'contract.closed':
      return put(contracts, contracts.get(id), foldContract(contracts.get(id) ?? null, event));
    case 'provider.registered':
    case 'provider.updated':
      return put(places, places.get(id), foldPlace(places.get(id) ?? null, event));
    case 'provider.worker-changed':
      return put(workers, workers.get(id), foldWorker(workers.get(id) ?? null, event));
    case 'wallet.credited':
    case 'wallet.debited': {
      const residentId = event.payload.residentId;
      const before = wallets.get(id) ?? emptyWalletMonth(residentId, walletMonthOf(event, ctx.timeZone));
      return put(wallets, before, foldWallet(before, event, residents.get(residentId)?.path ?? null));
    }
    default:
      return put(residents, residents.get(id), foldResidentPlace(residents.get(id) ?? null, event));
  }
}

/** Sets each changed counted fact with its new tally, and plans the difference from what it counted. */
function settle<T extends { _id: string; counted: CountedTally }>(
  plan: PlanBuilder,
  collection: string,
  records: Map<string, T>,
  ids: Iterable<string>,
  tallyOf: (record: T) => Tally,
): void {
  for (const id of ids) {
    const record = records.get(id);
    if (!record) continue;
    const counted = tallyOf(record);
    planTallyChange(plan, record.counted, counted);
    const next = { ...record, counted };
    records.set(id, next);
    const { _id, ...doc } = next;
    plan.set(collection, _id, { ...doc, counted: storedTally(counted) });
  }
}

/** Everything a set of changed documents means for the counters: pure (the projector reads and writes). */
export function settleAll(plan: PlanBuilder, state: StepState, touched: StepKeys, ctx: StepContext): void {
  const orderCtx = { timeZone: ctx.timeZone, cursor: state.cursor };
  settle(plan, C.orders, state.orders, touched.orders, (o) => orderTally(o, orderCtx));
  settle(plan, C.centres, state.centres, touched.centres, centreTally);
  settle(plan, C.contracts, state.contracts, touched.contracts, contractTally);
  settle(plan, C.workers, state.workers, touched.workers, workerTally);
  settle(plan, C.places, state.places, touched.places, placeTally);
  settle(plan, C.orgUnits, state.orgUnits, touched.orgUnits, orgUnitTally);
  settle(plan, C.wallets, state.wallets, touched.wallets, walletTally);
  for (const id of touched.residents) {
    const place = state.residents.get(id);
    if (place) plan.set(C.residents, id, { path: place.path, asOf: place.asOf });
  }
}

/**
 * Plans one batch: folds the events into the state documents read for it (`state`, changed in
 * place) and turns what each changed fact should count now, against what it counted, into counter
 * increments.
 */
export function planAccessibility(
  events: readonly AccessibilityEvent[],
  state: StepState,
  ctx: StepContext,
): PlanBuilder {
  const plan = new PlanBuilder();
  const touched = keysOf([], ctx);
  for (const event of events) {
    const changed = fold(event, state, ctx);
    if (changed) touched[changed[0]].add(changed[1]);
  }
  settleAll(plan, state, touched, ctx);
  return plan;
}

/**
 * The overdue sweep's step: the orders that fell due up to `cursor` (read by the `due` index) are
 * counted again as of it, and the clock moves there.
 */
export function planSweep(orders: readonly OrderRecord[], cursor: string, ctx: StepContext): PlanBuilder {
  const plan = new PlanBuilder();
  const state = emptyState(cursor);
  for (const order of orders) state.orders.set(order._id, order);
  const touched = keysOf([], ctx);
  touched.orders = new Set(state.orders.keys());
  settleAll(plan, state, touched, ctx);
  plan.set(C.clock, CLOCK_ID, { cursor });
  return plan;
}
