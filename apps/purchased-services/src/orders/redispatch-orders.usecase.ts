import { Injectable } from '@nestjs/common';
import type { ServiceType } from '#anlao/events';
import { OrderRepository } from './order.repository.js';
import { DispatchOrderUseCase } from './dispatch-order.usecase.js';

const PAGE = 100;

/**
 * Orders no contract could take wait as `unassigned` (ADR 0025). When a contract is signed or
 * amended, every waiting order of the service types it buys is dispatched again by the same rule;
 * those it still cannot take stay waiting. Read by an equality index (unassigned, serviceType):
 * the waiting set, not the growing orders collection.
 */
@Injectable()
export class RedispatchOrdersUseCase {
  constructor(
    private readonly orders: OrderRepository,
    private readonly dispatch: DispatchOrderUseCase,
  ) {}

  async execute(
    serviceTypes: readonly ServiceType[],
    correlationId: string,
  ): Promise<{ examined: number; dispatched: number }> {
    let examined = 0;
    let dispatched = 0;
    for (const serviceType of new Set(serviceTypes)) {
      let after: string | undefined;
      for (;;) {
        const page = await this.orders.unassigned(serviceType, after, PAGE);
        for (const order of page) {
          examined += 1;
          const result = await this.dispatch.execute(order, correlationId);
          if (result.state === 'dispatched') dispatched += 1;
        }
        if (page.length < PAGE) break;
        after = page.at(-1)?._id;
      }
    }
    return { examined, dispatched };
  }
}
