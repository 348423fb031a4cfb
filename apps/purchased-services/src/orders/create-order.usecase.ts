import { Inject, Injectable } from '@nestjs/common';
import { createEvent, type ServiceType } from '#anlao/events';
import { cardDigester, DomainError } from '#anlao/platform';
import { assertMayWriteIn, type Principal } from '#anlao/auth';
import { ResidentCopyRepository, type ResidentCopy } from '#anlao/resident-copies';
import { PURCHASED_SERVICES_CONFIG, type PurchasedServicesConfig } from '../purchased-services.config.js';
import { OrderRepository } from './order.repository.js';
import type { Order } from './order.schema.js';
import { assertSameRequest, orderableResident, orderIdFor, requestFingerprint } from './order-intake.js';
import { DispatchOrderUseCase } from './dispatch-order.usecase.js';

export interface CreateOrderInput {
  cardNumber?: string;
  residentId?: string;
  serviceType: ServiceType;
  note?: string;
}

export type CreateOrderResult = { created: boolean; order: Order };

/**
 * A hotline operator (or managing staff) orders a service for a resident named by card number or
 * id, under an Idempotency-Key: the same key and body again answer the first order, another body
 * is a 409. The resident is judged from the local read model only. The order and
 * `order.requested` are one write; dispatch follows at once (ADR 0025).
 */
@Injectable()
export class CreateOrderUseCase {
  /** A spoken number is looked up by its keyed digest, as the card events carry it (ADR 0021). */
  private readonly digest: (cardNumber: string) => string;

  constructor(
    private readonly orders: OrderRepository,
    private readonly residents: ResidentCopyRepository,
    private readonly dispatch: DispatchOrderUseCase,
    @Inject(PURCHASED_SERVICES_CONFIG) settings: PurchasedServicesConfig,
  ) {
    this.digest = cardDigester(settings.cardDigestKey);
  }

  async execute(
    principal: Principal,
    input: CreateOrderInput,
    idempotencyKey: string,
    correlationId: string,
    now = new Date(),
  ): Promise<CreateOrderResult> {
    const orderId = orderIdFor(principal.subject, idempotencyKey);
    const fingerprint = requestFingerprint(input, this.digest);
    const first = await this.orders.findById(orderId);
    if (first) return { created: false, order: this.replay(principal, first, fingerprint) };

    const resident = await this.resolve(input);
    // The caller answers for residents of its own unit only.
    assertMayWriteIn(principal, resident.communityPath);
    const order: Order = {
      _id: orderId,
      residentId: resident._id,
      communityPath: resident.communityPath,
      serviceType: input.serviceType,
      note: input.note ?? null,
      fingerprint,
      requestedAt: now,
      requestedBy: principal.subject,
      state: 'requested',
      contractId: null,
      providerId: null,
      priceFen: null,
      unassigned: false,
      scheduledFor: null,
      workerId: null,
      startedAt: null,
      endedAt: null,
      reason: null,
      rating: null,
      complaint: null,
      paymentPart: null,
      subsidyFen: null,
      copaymentFen: null,
      freeExperience: false,
      deliveredMonth: null,
      declinedContracts: [],
      history: [],
      revision: 1,
    };
    const event = createEvent({
      type: 'order.requested',
      source: 'purchased-services',
      subject: orderId,
      orgUnit: resident.communityPath,
      correlationId,
      payload: {
        orderId,
        residentId: resident._id,
        communityPath: resident.communityPath,
        serviceType: input.serviceType,
        requestedAt: now.toISOString(),
      },
    });
    const stored = await this.orders.insert(order, [event]);
    if (!stored) {
      // The same key raced this call: the first write wins, this one answers it.
      const raced = await this.orders.findById(orderId);
      if (!raced) throw new Error(`order ${orderId} vanished after a duplicate key`);
      return { created: false, order: this.replay(principal, raced, fingerprint) };
    }
    return { created: true, order: await this.dispatch.execute(stored, correlationId, now) };
  }

  private replay(principal: Principal, first: Order, fingerprint: string): Order {
    // The id is the caller's own (derived from its subject), so this is its order: scope holds.
    assertMayWriteIn(principal, first.communityPath);
    assertSameRequest(first, fingerprint);
    return first;
  }

  private async resolve(input: CreateOrderInput): Promise<ResidentCopy> {
    if (input.cardNumber !== undefined && input.residentId !== undefined)
      throw new DomainError(
        'invalid',
        'request.invalid',
        'give the card number or the resident id, not both',
        [{ field: 'residentId', message: 'not together with cardNumber' }],
      );
    if (input.cardNumber !== undefined) {
      const digest = this.digest(input.cardNumber);
      const claim = (await this.residents.findDigests([digest])).get(digest);
      const copy = claim ? await this.residents.find(claim.residentId) : null;
      return orderableResident(copy, { cardId: claim?.cardId ?? '' });
    }
    if (input.residentId !== undefined)
      return orderableResident(await this.residents.find(input.residentId), { residentId: input.residentId });
    throw new DomainError('invalid', 'request.invalid', 'give the card number or the resident id', [
      { field: 'cardNumber', message: 'a card number or a residentId is required' },
    ]);
  }
}
