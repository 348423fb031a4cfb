import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields, updateAggregate } from '#anlao/messaging';
import type { EventEnvelope, ServiceType } from '#anlao/events';
import { Order } from './order.schema.js';
import type { OrderState } from './order-state.js';
import { historyAfter } from './order-history.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

export interface OrderListFilter {
  state?: OrderState;
  unassigned?: boolean;
}

@Injectable()
export class OrderRepository {
  constructor(@InjectModel(Order.name) readonly model: Model<Order & OutboxFields>) {}

  async findById(id: string): Promise<Order | null> {
    return this.model.findById(id, HIDDEN).lean<Order>().exec();
  }

  /**
   * The new order with its events, each `order.*` event the first lines of its history: the order
   * as stored, or null when an order of that id exists already (the same Idempotency-Key again).
   */
  async insert(order: Order, events: EventEnvelope[]): Promise<Order | null> {
    const stored = { ...order, history: historyAfter(order.history, events) };
    return (await insertAggregate(this.model, stored, events)) ? stored : null;
  }

  /**
   * One write conditional on the revision `order` was read at, with its events (serialised with the
   * relay), each `order.*` event appended to the order's history. The order as stored, or null when
   * it changed meanwhile.
   */
  async update(order: Order, set: Partial<Order>, events: EventEnvelope[]): Promise<Order | null> {
    const changes = {
      ...set,
      ...(events.length > 0 ? { history: historyAfter(order.history, events) } : {}),
    };
    if (!(await updateAggregate(this.model, order._id, order.revision, changes, events))) return null;
    return { ...order, ...changes, revision: order.revision + 1 };
  }

  /** Orders waiting for a contract of one service type, by id (re-dispatch when a contract appears). */
  async unassigned(serviceType: ServiceType, after: string | undefined, limit: number): Promise<Order[]> {
    const filter = { unassigned: true, serviceType, ...(after ? { _id: { $gt: after } } : {}) };
    return this.model.find(filter, HIDDEN).sort({ _id: 1 }).limit(limit).lean<Order[]>().exec();
  }

  /** Equality filters and the caller's scope, paged by id; overdue is judged by the caller. */
  async list(
    scope: Record<string, unknown>,
    filter: OrderListFilter,
    page: { after?: string; limit: number },
  ): Promise<Order[]> {
    const and: Record<string, unknown>[] = [scope];
    if (filter.state) and.push({ state: filter.state });
    if (filter.unassigned !== undefined) and.push({ unassigned: filter.unassigned });
    if (page.after) and.push({ _id: { $gt: page.after } });
    return this.model.find({ $and: and }, HIDDEN).sort({ _id: 1 }).limit(page.limit).lean<Order[]>().exec();
  }
}
