import type { AnyEvent } from '#anlao/events';
import { localDay } from '#anlao/platform';
import { TallyBuilder, type CountedTally, type Tally } from './tally.js';

type Ev<T extends AnyEvent['type']> = Extract<AnyEvent, { type: T }>;
export const RESIDENT_PLACE_EVENTS = [
  'resident.registered',
  'resident.updated',
  'resident.moved',
  'resident.died',
] as const;
type PlaceEvent = Ev<(typeof RESIDENT_PLACE_EVENTS)[number]>;
type WalletEvent = Ev<'wallet.credited' | 'wallet.debited'>;

/** Where an elder lives (`accessibility_residents[residentId]`): the wallet events do not say. */
export interface ResidentPlace {
  _id: string;
  path: string;
  asOf: string;
}

/**
 * One elder's wallet in one month (`accessibility_wallet_months[residentId:YYYY-MM]`): the month's
 * credit and the debits, keyed by order. Counted at the community the elder lived in when the first
 * of them was read (it stays there, as coverage keeps the place of a month already counted).
 */
export interface WalletMonth {
  _id: string;
  residentId: string;
  month: string;
  path: string | null;
  credit: { basicCareFen: number; livingServicesFen: number; expiredFen: number } | null;
  debits: {
    orderId: string;
    part: 'basic-care' | 'living-services';
    paidFen: number;
    freeExperience: boolean;
  }[];
  counted: CountedTally;
}

export function foldResidentPlace(record: ResidentPlace | null, event: PlaceEvent): ResidentPlace | null {
  if (record && Date.parse(event.occurredAt) < Date.parse(record.asOf)) return record;
  const path = event.type === 'resident.moved' ? event.payload.toPath : event.payload.communityPath;
  if (record?.path === path) return record;
  return { _id: event.payload.residentId, path, asOf: event.occurredAt };
}

/** The month a wallet event belongs to: a credit's own month; a debit's local month of occurrence. */
export function walletMonthOf(event: WalletEvent, timeZone: string): string {
  return event.type === 'wallet.credited'
    ? event.payload.month
    : localDay(event.occurredAt, timeZone).slice(0, 7);
}

export const walletMonthId = (residentId: string, month: string) => `${residentId}:${month}`;

export function emptyWalletMonth(residentId: string, month: string): WalletMonth {
  return {
    _id: walletMonthId(residentId, month),
    residentId,
    month,
    path: null,
    credit: null,
    debits: [],
    counted: [],
  };
}

/**
 * Folds a credit (one per elder and month: residents credits a month once) or a debit (one per
 * order). `place` is the elder's community as known now, else the event's org unit (residents
 * publishes wallet events under the elder's community).
 */
export function foldWallet(w: WalletMonth, event: WalletEvent, place: string | null): WalletMonth {
  const path = w.path ?? place ?? event.orgUnit;
  if (event.type === 'wallet.credited') {
    if (w.credit !== null) return w;
    const { basicCareFen, livingServicesFen, expiredFen } = event.payload;
    return { ...w, path, credit: { basicCareFen, livingServicesFen, expiredFen } };
  }
  const p = event.payload;
  if (w.debits.some((d) => d.orderId === p.orderId)) return w;
  const debit = { orderId: p.orderId, part: p.part, paidFen: p.paidFen, freeExperience: p.freeExperience };
  return { ...w, path, debits: [...w.debits, debit] };
}

const PART_FIELD = { 'basic-care': 'basicCare', 'living-services': 'livingServices' } as const;

/**
 * Subsidy credited and spent per wallet part, at the elder's community and above, in the month.
 * A free experience service is paid by the subsidy without touching the balance: it is kept apart
 * (`freeExperienceFen`) so that spent compares with credited.
 */
export function walletTally(w: WalletMonth): Tally {
  if (w.path === null) return [];
  const inc: Record<string, number> = {};
  const add = (field: string, n: number) => (inc[field] = (inc[field] ?? 0) + n);
  if (w.credit) {
    add('use.credited.basicCare', w.credit.basicCareFen);
    add('use.credited.livingServices', w.credit.livingServicesFen);
    add('use.expiredFen', w.credit.expiredFen);
  }
  for (const d of w.debits) {
    if (d.freeExperience) add('use.freeExperienceFen', d.paidFen);
    else add(`use.spent.${PART_FIELD[d.part]}`, d.paidFen);
    add('use.debits', 1);
  }
  const tally = new TallyBuilder();
  tally.add({ target: 'unit-month', at: w.path, month: w.month, inc });
  return tally.build();
}
