import type { SlaOverrides } from '#anlao/events';
import { AccessibilityCollections as C } from './accessibility-collections.js';
import type { OrderRecord } from './order-record.js';
import type {
  CentreRecord,
  ContractRecord,
  OrgUnitRecord,
  PlaceRecord,
  WorkerRecord,
} from './supply-records.js';
import type { ResidentPlace, WalletMonth } from './wallet-records.js';

export interface StepContext {
  timeZone: string;
  /** The city's SLA overrides (none: the catalogue's defaults). */
  sla: SlaOverrides;
}

/** The state documents a batch folds into, read by `_id` before planning, and the sweep's cursor. */
export interface StepState {
  orders: Map<string, OrderRecord>;
  centres: Map<string, CentreRecord>;
  contracts: Map<string, ContractRecord>;
  workers: Map<string, WorkerRecord>;
  places: Map<string, PlaceRecord>;
  orgUnits: Map<string, OrgUnitRecord>;
  residents: Map<string, ResidentPlace>;
  wallets: Map<string, WalletMonth>;
  cursor: string;
}
export type StateKind = Exclude<keyof StepState, 'cursor'>;
export type StepKeys = Record<StateKind, Set<string>>;

export const STATE_COLLECTIONS: Record<StateKind, string> = {
  orders: C.orders,
  centres: C.centres,
  contracts: C.contracts,
  workers: C.workers,
  places: C.places,
  orgUnits: C.orgUnits,
  residents: C.residents,
  wallets: C.wallets,
};

export function emptyState(cursor = ''): StepState {
  return {
    orders: new Map(),
    centres: new Map(),
    contracts: new Map(),
    workers: new Map(),
    places: new Map(),
    orgUnits: new Map(),
    residents: new Map(),
    wallets: new Map(),
    cursor,
  };
}
