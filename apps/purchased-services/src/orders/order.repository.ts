import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { insertAggregate, type OutboxFields, updateAggregate } from '#anlao/messaging';
import type { EventEnvelope, ServiceType } from '#anlao/events';
import { Order } from './order.schema.js';
import type { OrderState } from './order-state.js';

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

  /** False when an order of that id exists already (the same Idempotency-Key again). */
  insert(order: Order, events: EventEnvelope[]): Promise<boolean> {
    return insertAggregate(this.model, order, events);
  }

  /** One conditional write (the revision read) with its events, serialised with the relay. */
  update(id: string, revision: number, set: Partial<Order>, events: EventEnvelope[]): Promise<boolean> {
    return updateAggregate(this.model, id, revision, set, events);
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
