import type { AnyEvent } from '#anlao/events';
import { unitsOf } from '../coverage/resident-month.js';
import { providerKey } from './accessibility-collections.js';
import { TallyBuilder, type CountedTally, type Tally } from './tally.js';

/*
 * The supply side (seed 001): centres, contracts, licensed workers, and where providers work (who
 * sees their scorecards). Each is a snapshot per fact; a snapshot older than the one kept (by the
 * event's `occurredAt`, or the contract's version) is ignored, so a redelivered old event changes
 * nothing.
 */

export interface CentreRecord {
  _id: string;
  path: string;
  capacity: number;
  active: boolean;
  asOf: string;
  counted: CountedTally;
}

export interface ContractRecord {
  _id: string;
  version: number;
  closed: boolean;
  providerId: string;
  buyer: string;
  budgetFen: number;
  serviceTypes: string[];
  counted: CountedTally;
}

export interface WorkerRecord {
  _id: string;
  street: string;
  licensed: boolean;
  active: boolean;
  asOf: string;
  counted: CountedTally;
}

export interface PlaceRecord {
  _id: string;
  owner: string;
  areas: string[];
  asOf: string;
  counted: CountedTally;
}

export interface OrgUnitRecord {
  _id: string;
  level: string;
  counted: CountedTally;
}

type Ev<T extends AnyEvent['type']> = Extract<AnyEvent, { type: T }>;
type CentreEvent = Ev<'centre.registered' | 'centre.updated' | 'centre.deactivated'>;
type ContractEvent = Ev<'contract.signed' | 'contract.amended' | 'contract.closed'>;

const stale = (record: { asOf: string } | null, event: AnyEvent) =>
  record !== null && Date.parse(event.occurredAt) < Date.parse(record.asOf);

export function foldCentre(record: CentreRecord | null, event: CentreEvent): CentreRecord | null {
  if (stale(record, event)) return record;
  const p = event.payload;
  const base = {
    _id: p.centreId,
    path: p.communityPath,
    asOf: event.occurredAt,
    counted: record?.counted ?? [],
  };
  if (event.type === 'centre.deactivated') return { ...base, capacity: record?.capacity ?? 0, active: false };
  // An update keeps the centre's status: only a deactivation stops it.
  return { ...base, capacity: event.payload.capacity, active: record?.active ?? true };
}

/** Active centres and their capacity count at the centre's community and every unit above it. */
export function centreTally(c: CentreRecord): Tally {
  const tally = new TallyBuilder();
  if (c.active)
    tally.add({ target: 'unit', at: c.path, inc: { 'centres.active': 1, 'centres.capacity': c.capacity } });
  return tally.build();
}

/** A newer version replaces the terms; a closing is final (later versions of a closed contract are ignored). */
export function foldContract(record: ContractRecord | null, event: ContractEvent): ContractRecord | null {
  const p = event.payload;
  if (record?.closed) return record;
  const closing = event.type === 'contract.closed';
  if (record && !closing && p.version <= record.version) return record;
  return {
    _id: p.contractId,
    version: Math.max(p.version, record?.version ?? 0),
    closed: closing,
    providerId: p.providerId,
    buyer: p.buyerOrgUnit,
    budgetFen: p.budgetFen,
    serviceTypes: p.services.map((s) => s.serviceType),
    counted: record?.counted ?? [],
  };
}

/**
 * An open contract counts at its buyer unit and every unit above it: one contract, its budget and
 * one per service type it buys. Every contract, closed too, counts its budget for its provider (the
 * denominator of the budget used).
 */
export function contractTally(c: ContractRecord): Tally {
  const tally = new TallyBuilder();
  if (!c.closed) {
    const inc: Record<string, number> = { 'contracts.active': 1, 'contracts.budgetFen': c.budgetFen };
    for (const type of c.serviceTypes) inc[`contracts.types.${type}`] = 1;
    tally.add({ target: 'unit', at: c.buyer, inc });
  }
  tally.add({
    target: 'provider',
    at: c.providerId,
    inc: { contracts: 1, activeContracts: c.closed ? 0 : 1, budgetFen: c.budgetFen },
  });
  return tally.build();
}

export function foldWorker(
  record: WorkerRecord | null,
  event: Ev<'provider.worker-changed'>,
): WorkerRecord | null {
  if (stale(record, event)) return record;
  const p = event.payload;
  return {
    _id: `${p.providerId}:${p.workerId}`,
    street: p.streetPath,
    licensed: p.licence !== 'none',
    active: p.active,
    asOf: event.occurredAt,
    counted: record?.counted ?? [],
  };
}

/** An active worker holding any social-work licence counts at the street covered and above. */
export function workerTally(w: WorkerRecord): Tally {
  const tally = new TallyBuilder();
  if (w.active && w.licensed) tally.add({ target: 'unit', at: w.street, inc: { 'workers.licensed': 1 } });
  return tally.build();
}

export function foldPlace(
  record: PlaceRecord | null,
  event: Ev<'provider.registered' | 'provider.updated'>,
): PlaceRecord | null {
  if (stale(record, event)) return record;
  const p = event.payload;
  return {
    _id: p.providerId,
    owner: p.registeredOrgUnit,
    areas: [...p.operatingAreas],
    asOf: event.occurredAt,
    counted: record?.counted ?? [],
  };
}

/**
 * Which staff see a provider's scorecard, as purchased-services decides who sees a provider: staff
 * whose unit covers the registering unit or an operating area (`providers.<id>` at each such unit),
 * or whose unit an operating area covers (`providersAreaAt.<id>` at the area itself; a reader
 * looks it up at its own unit and the units above).
 */
export function placeTally(p: PlaceRecord): Tally {
  const key = providerKey(p._id);
  const tally = new TallyBuilder();
  const covering = new Set([p.owner, ...p.areas].flatMap((path) => unitsOf(path)));
  for (const unit of [...covering].sort())
    tally.add({ target: 'unit', at: unit, only: true, inc: { [`providers.${key}`]: 1 } });
  for (const area of new Set(p.areas))
    tally.add({ target: 'unit', at: area, only: true, inc: { [`providersAreaAt.${key}`]: 1 } });
  return tally.build();
}

export function foldOrgUnit(
  record: OrgUnitRecord | null,
  event: Ev<'org-unit.created'>,
): OrgUnitRecord | null {
  if (record) return record;
  return { _id: event.payload.path, level: event.payload.level, counted: [] };
}

/** Every known unit has a counter document, so drill-down lists the units with nothing too. */
export function orgUnitTally(u: OrgUnitRecord): Tally {
  return [{ target: 'unit', at: u._id, only: true, inc: { known: 1 } }];
}
