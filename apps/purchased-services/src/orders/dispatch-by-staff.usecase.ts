import { Injectable } from '@nestjs/common';
import { orgUnitCovers, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { OrderRepository } from './order.repository.js';
import type { Order } from './order.schema.js';
import { ALLOWED_FROM, illegalTransition } from './order-state.js';
import { factsOf } from './order-view.js';
import { DispatchOrderUseCase } from './dispatch-order.usecase.js';

/**
 * Staff send a waiting order out again by hand (after signing or amending a contract, or once
 * a contract's period has begun): the same dispatch rule as every other dispatch. An order still
 * no contract can take stays `unassigned` and is answered as it is.
 */
@Injectable()
export class DispatchByStaffUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly dispatch: DispatchOrderUseCase,
  ) {}

  async execute(principal: Principal, orderId: string, correlationId: string): Promise<Order> {
    const order = await this.orders.findById(orderId);
    if (
      order === null ||
      principal.kind !== 'staff' ||
      !orgUnitCovers(principal.orgUnit, order.communityPath)
    )
      throw new DomainError('not-found', 'order.not-found', `no order ${orderId}`);
    if (!ALLOWED_FROM.dispatch.includes(order.state)) throw illegalTransition(factsOf(order), 'dispatch');
    return this.dispatch.execute(order, correlationId);
  }
}
