import { Inject, Injectable } from '@nestjs/common';
import { createEvent } from '#anlao/events';
import { CONFIG, localDay, type ServiceConfig } from '#anlao/platform';
import { ContractRepository } from '../contracts/contract.repository.js';
import { OrderRepository } from './order.repository.js';
import type { Order } from './order.schema.js';
import { chooseContract, openOrdersOf } from './dispatch-rule.js';
import { ContractMoney } from './contract-money.js';
import { transition } from './order-state.js';
import { factsOf } from './order-view.js';

/** Active contracts buying one service type, read at once for the rule (a city signs tens, not thousands). */
const CONTRACTS_READ = 500;
const MAX_ATTEMPTS = 3;

/**
 * Sends a requested (or declined) order to a contract by the dispatch rule: reserves the unit
 * price on the contract first (idempotent per order), then moves the order to `dispatched` with
 * its event. No contract can take it → it stays as it is, flagged `unassigned` for staff.
 * Never throws for a lost race: the caller gets the order as the store now holds it.
 */
@Injectable()
export class DispatchOrderUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly contracts: ContractRepository,
    private readonly money: ContractMoney,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute(order: Order, correlationId: string, now = new Date()): Promise<Order> {
    const excluded = new Set(order.declinedContracts);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const active = await this.contracts.list(
        {},
        { status: 'active', serviceType: order.serviceType },
        { limit: CONTRACTS_READ },
      );
      const open = openOrdersOf(active);
      const today = localDay(now, this.config.TIME_ZONE);
      const choice = chooseContract(active, { ...order, today }, open, excluded);
      if (choice === null) {
        if (order.unassigned) return order;
        const set = { unassigned: true };
        return (await this.orders.update(order, set, [])) ?? this.reread(order);
      }
      if (!(await this.money.reserve(choice.contractId, order._id, choice.priceFen))) {
        // Spent or closed in between: choose again without it.
        excluded.add(choice.contractId);
        continue;
      }
      const { next, event } = transition(factsOf(order), { kind: 'dispatch', ...choice });
      const envelope = createEvent({
        ...event,
        source: 'purchased-services',
        subject: order._id,
        orgUnit: order.communityPath,
        correlationId,
      });
      const stored = await this.orders.update(order, next, [envelope]);
      if (stored) return stored;
      // The order changed meanwhile (cancelled, dispatched by another call): give the money back,
      // unless that other call sent it to this same contract (the reservation, keyed by order, is its).
      const current = await this.reread(order);
      if (current.contractId !== choice.contractId) await this.money.release(choice.contractId, order._id);
      return current;
    }
    return order;
  }

  private async reread(order: Order): Promise<Order> {
    return (await this.orders.findById(order._id)) ?? order;
  }
}
