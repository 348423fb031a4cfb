import { Injectable } from '@nestjs/common';
import { OrderRepository } from '../orders/order.repository.js';
import type { SettlementOrder } from './settlement-figures.js';

/** Orders read per page: a few hundred small documents, one index range each. */
export const ORDERS_PAGE = 500;

const FIELDS = {
  serviceType: 1,
  state: 1,
  priceFen: 1,
  subsidyFen: 1,
  copaymentFen: 1,
  freeExperience: 1,
  rating: 1,
  complaint: 1,
  requestedAt: 1,
  startedAt: 1,
  endedAt: 1,
} as const;

/**
 * A contract's orders delivered in one month, read only by the equality pair the orders
 * collection indexes (`contractId`, `deliveredMonth`) and paged by `_id`: a statement never
 * scans the orders collection, however many months and contracts it holds.
 */
@Injectable()
export class SettlementOrders {
  constructor(private readonly orders: OrderRepository) {}

  async page(
    contractId: string,
    month: string,
    after: string | null,
    limit = ORDERS_PAGE,
  ): Promise<SettlementOrder[]> {
    const filter = { contractId, deliveredMonth: month, ...(after ? { _id: { $gt: after } } : {}) };
    return this.orders.model
      .find(filter, FIELDS)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<SettlementOrder[]>()
      .exec();
  }

  /** Page after page, pulled: an export that is not read further reads no further page. */
  async *all(contractId: string, month: string): AsyncGenerator<SettlementOrder[]> {
    let after: string | null = null;
    for (;;) {
      const page = await this.page(contractId, month, after);
      if (page.length > 0) yield page;
      if (page.length < ORDERS_PAGE) return;
      after = page.at(-1)?._id ?? null;
    }
  }
}
