import { createEvent, type EventType, type PayloadOf } from '#anlao/events';
import { AccessibilityCollections as C, CLOCK_ID } from './accessibility-collections.js';
import { keysOf, planAccessibility, planSweep, type AccessibilityEvent } from './accessibility-step.js';
import type { OrderRecord } from './order-record.js';
import { emptyState, STATE_COLLECTIONS, type StateKind, type StepState } from './step-state.js';

/*
 * The lane as the consumer and the projector drive it, against an in-memory store: whatever the
 * batch boundaries, the runs, the redeliveries and the sweeps, the counters come out the same.
 * The events are the integration fixture's o2 (one dispatch envelope sent twice, declined,
 * dispatched again, accepted, delivered late, rated) and o6 (dispatched, then declined: open).
 */

const M = '2026-03';
const COMMUNITY = '2101.210102.210102001.210102001001';
const COMMUNITY_2 = '2101.210102.210102001.210102001002';
const STREET = '2101.210102.210102001';
const t = (d: number, hh = 0, mm = 0) =>
  `${M}-${String(d).padStart(2, '0')}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`;
/** The sweep's clock at the end: every order of the fixture long past due. */
const NOW = '2026-06-01T00:00:00.000Z|\uffff';
const ctx = { timeZone: 'Asia/Shanghai', sla: {} };

function ev<T extends EventType>(type: T, payload: PayloadOf<T>, at: string): AccessibilityEvent {
  return createEvent({
    type,
    payload,
    source: 'test',
    subject: 'x',
    orgUnit: '2101',
    correlationId: 'accessibility-batches',
    occurredAt: new Date(at),
  }) as unknown as AccessibilityEvent;
}

const requested = (orderId: string, path: string, at: string) =>
  ev(
    'order.requested',
    { orderId, residentId: 'r-0-0', communityPath: path, serviceType: 'meal-assistance', requestedAt: at },
    at,
  );
const dispatched = (orderId: string, at: string) =>
  ev(
    'order.dispatched',
    {
      orderId,
      residentId: 'r-0-0',
      serviceType: 'meal-assistance',
      contractId: 'k-1',
      providerId: 'p-1',
      priceFen: 3000,
    },
    at,
  );
const declined = (orderId: string, at: string) =>
  ev('order.declined', { orderId, providerId: 'p-1', contractId: 'k-1', reason: 'no-capacity' }, at);

function partitions(): AccessibilityEvent[][] {
  const o2Dispatch = dispatched('o2', t(3, 0, 5));
  const o2 = [
    requested('o2', COMMUNITY, t(3)),
    o2Dispatch,
    o2Dispatch,
    declined('o2', t(3, 1)),
    dispatched('o2', t(3, 2)),
    ev('order.accepted', { orderId: 'o2', providerId: 'p-1' }, t(3, 3)),
    ev(
      'order.delivered',
      {
        orderId: 'o2',
        residentId: 'r-0-0',
        serviceType: 'meal-assistance',
        providerId: 'p-1',
        contractId: 'k-1',
        workerId: 'w-1',
        startedAt: t(6),
        endedAt: t(6, 2),
        priceFen: 3000,
      },
      t(6, 2),
    ),
    ev('order.rated', { orderId: 'o2', providerId: 'p-1', rating: 2, complained: true }, t(20)),
  ];
  const o6 = [requested('o6', COMMUNITY_2, t(11)), dispatched('o6', t(11, 1)), declined('o6', t(11, 2))];
  return [o2, o6];
}

type Doc = { _id: string } & Record<string, unknown>;

/** The analytics store as the projector sees it: documents go in and come out as copies. */
class Store {
  readonly collections = new Map<string, Map<string, Doc>>();

  private collection(name: string): Map<string, Doc> {
    const found = this.collections.get(name) ?? new Map<string, Doc>();
    this.collections.set(name, found);
    return found;
  }

  get(name: string, id: string): Doc | undefined {
    const doc = this.collection(name).get(id);
    return doc === undefined ? undefined : structuredClone(doc);
  }

  all(name: string): Doc[] {
    return [...this.collection(name).values()].map((d) => structuredClone(d));
  }

  apply(plan: ReturnType<ReturnType<typeof planAccessibility>['build']>): void {
    for (const s of plan.sets)
      this.collection(s.collection).set(s._id, structuredClone({ _id: s._id, ...s.doc }));
    for (const i of plan.increments) {
      const doc = this.collection(i.collection).get(i._id) ?? { _id: i._id };
      for (const [field, n] of Object.entries(i.inc)) doc[field] = ((doc[field] as number) ?? 0) + n;
      this.collection(i.collection).set(i._id, doc);
    }
  }

  cursor(): string {
    return (this.get(C.clock, CLOCK_ID)?.cursor as string | undefined) ?? '';
  }

  /** The counters, sorted, zero fields left out (a count that went up and down again is no count). */
  counters(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of [C.units, C.months, C.providers, C.providerMonths])
      for (const doc of [...this.collection(name).values()].sort((a, b) => (a._id < b._id ? -1 : 1))) {
        const fields = Object.entries(doc)
          .filter(([k, n]) => k !== '_id' && n !== 0)
          .sort(([a], [b]) => (a < b ? -1 : 1));
        if (fields.length > 0)
          out[`${name}/${doc._id}`] = Object.fromEntries(fields) as Record<string, number>;
      }
    return out;
  }
}

/** One projector step (`AccessibilityProjector.project`): read what the events touch, plan, write. */
function project(store: Store, events: AccessibilityEvent[]): void {
  const keys = keysOf(events, ctx);
  const state: StepState = emptyState(store.cursor());
  for (const kind of Object.keys(STATE_COLLECTIONS) as StateKind[])
    for (const id of keys[kind]) {
      const doc = store.get(STATE_COLLECTIONS[kind], id);
      if (doc) (state[kind] as unknown as Map<string, Doc>).set(id, doc);
    }
  store.apply(planAccessibility(events, state, ctx).build());
}

/** The overdue sweep (`AccessibilityProjector.sweep`) up to `target`. */
function sweep(store: Store, target: string): void {
  for (;;) {
    const cursor = store.cursor();
    if (cursor >= target) return;
    const due = (store.all(C.orders) as unknown as OrderRecord[])
      .filter((o) => o.due !== null && o.due > cursor && o.due <= target)
      .sort((a, b) => ((a.due ?? '') < (b.due ?? '') ? -1 : 1))
      .slice(0, 1);
    const next = due.length === 1 ? (due[0]?.due ?? target) : target;
    store.apply(planSweep(due, next, ctx).build());
  }
}

/**
 * One batch as `EventConsumer` hands it over with `inbox: false`: a second copy of an envelope in
 * the batch is skipped, consecutive events of one type make a run, and a run is one handler call
 * (or, after a handler failure, one call per event).
 */
function consume(store: Store, batch: AccessibilityEvent[], oneByOne = false): void {
  const seen = new Set<string>();
  let run: AccessibilityEvent[] = [];
  const flush = () => {
    if (run.length === 0) return;
    if (oneByOne) for (const e of run) project(store, [e]);
    else project(store, run);
    run = [];
  };
  for (const event of batch) {
    if (seen.has(event.id)) {
      flush();
      continue;
    }
    seen.add(event.id);
    if (run[0] && run[0].type !== event.type) flush();
    run.push(event);
  }
  flush();
}

/** A deterministic generator (mulberry32), so a failing trial can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cuts a partition into batches after the positions whose bit is set in `cuts`. */
function cut<T>(items: T[], cuts: number): T[][] {
  const batches: T[][] = [[]];
  items.forEach((item, i) => {
    batches.at(-1)?.push(item);
    if (i < items.length - 1 && cuts & (1 << i)) batches.push([]);
  });
  return batches;
}

/** Everything sent, once, in one step per partition, then swept to the end. */
function baseline(): Record<string, Record<string, number>> {
  const store = new Store();
  for (const partition of partitions()) project(store, partition);
  sweep(store, NOW);
  return store.counters();
}

describe('the accessibility lane, however its events come in batches', () => {
  const expected = baseline();

  it('counts the fixture’s dispatches and declines (the baseline)', () => {
    expect(expected[`${C.months}/${STREET}:${M}`]).toMatchObject({
      'orders.requested': 2,
      'orders.dispatched': 3,
      'orders.declined': 2,
      'orders.accepted': 1,
      'orders.delivered': 1,
      'orders.overdue': 2,
    });
    expect(expected[`${C.providerMonths}/p-1:${M}`]).toMatchObject({ dispatched: 3, declined: 2 });
    expect(expected[`${C.units}/${STREET}`]).toEqual({
      'orders.open': 1,
      'orders.unassigned': 1,
      'orders.overdue': 1,
    });
  });

  it('gives the same counts for every cut of one partition, with or without a redelivered batch', () => {
    const [o2 = [], o6 = []] = partitions();
    const one = [...o2, ...o6];
    for (let cuts = 0; cuts < 1 << (one.length - 1); cuts++) {
      // No redelivery, or the batches 0, 3, 6… (1, 4…; 2, 5…) delivered again with the one before:
      // a crash or a rebalance before the offsets were committed (picked by a hash of the cut).
      const redeliver = (Math.imul(cuts, 0x9e3779b1) >>> 30) - 1;
      const store = new Store();
      sweep(store, NOW);
      const batches = cut(one, cuts);
      batches.forEach((batch, i) => {
        consume(store, batch);
        if (redeliver >= 0 && i % 3 === redeliver)
          consume(store, batches.slice(Math.max(0, i - 1), i + 1).flat());
      });
      const counters = store.counters();
      // Compared as text (fast); a difference is then shown field by field, with the split.
      if (JSON.stringify(counters) !== JSON.stringify(expected))
        expect({ cuts, redeliver, counters }).toEqual({ cuts, redeliver, counters: expected });
    }
  });

  it('gives the same counts for random batches of two partitions, redeliveries, failed runs and sweeps', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rnd = random(seed);
      const store = new Store();
      // The sweep starts anywhere between never and the end (a fresh group catches up on history).
      let clock =
        rnd() < 0.5 ? '' : `${M}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T00:00:00.000Z|`;
      if (clock) sweep(store, clock);
      const queues = partitions().map((events) => ({ events, committed: 0 }));
      while (queues.some((q) => q.committed < q.events.length)) {
        const open = queues.filter((q) => q.committed < q.events.length);
        const q = open[Math.floor(rnd() * open.length)];
        if (!q) break;
        const size = 1 + Math.floor(rnd() * (q.events.length - q.committed));
        const batch = q.events.slice(q.committed, q.committed + size);
        consume(store, batch, rnd() < 0.2);
        // Mostly committed; sometimes delivered again (taken away before the commit).
        if (rnd() < 0.8) q.committed += size;
        if (rnd() < 0.3) {
          clock =
            [clock, `${M}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}T12:00:00.000Z|`].sort()[1] ??
            clock;
          sweep(store, clock);
        }
      }
      sweep(store, NOW);
      const counters = store.counters();
      if (JSON.stringify(counters) !== JSON.stringify(expected))
        expect({ seed, counters }).toEqual({ seed, counters: expected });
    }
  });
});
