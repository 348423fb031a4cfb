import { Injectable } from '@nestjs/common';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { OrderRepository } from './order.repository.js';
import { DONE_STATES, transition, type OrderCommand } from './order-state.js';
import { factsOf } from './order-view.js';

const MAX_ATTEMPTS = 5;

export type PaymentOutcome = 'paid' | 'payment-rejected' | 'duplicate' | 'unknown-order' | 'not-delivered';

/**
 * The payment saga's last step (ADR 0026): residents answered a `service.delivered` with
 * `wallet.debited` or `wallet.debit-rejected`, and the order records the answer with its event,
 * in one write conditional on the revision read. A redelivered answer finds the order paid (or
 * refused) already and changes nothing; an answer for an order not (yet) delivered cannot happen
 * in this order of events and is reported, never guessed at.
 */
@Injectable()
export class RecordPaymentUseCase {
  constructor(private readonly orders: OrderRepository) {}

  async execute(
    answer: EventEnvelope<'wallet.debited'> | EventEnvelope<'wallet.debit-rejected'>,
  ): Promise<PaymentOutcome> {
    const command: OrderCommand =
      answer.type === 'wallet.debited'
        ? {
            kind: 'pay',
            part: answer.payload.part,
            subsidyFen: answer.payload.paidFen,
            copaymentFen: answer.payload.copaymentFen,
            freeExperience: answer.payload.freeExperience,
          }
        : { kind: 'reject-payment', reason: answer.payload.reason };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const order = await this.orders.findById(answer.payload.orderId);
      if (order === null) return 'unknown-order';
      if (order.state !== 'delivered')
        return DONE_STATES.includes(order.state) ? 'duplicate' : 'not-delivered';
      const { next, event } = transition(factsOf(order), command);
      const envelope = createEvent({
        ...event,
        source: 'purchased-services',
        subject: order._id,
        orgUnit: order.communityPath,
        correlationId: answer.correlationId,
        causationId: answer.id,
      });
      if (await this.orders.update(order, next, [envelope]))
        return command.kind === 'pay' ? 'paid' : 'payment-rejected';
    }
    // A rating written meanwhile each time: the consumer's retry comes back to it.
    throw new Error(`order ${answer.payload.orderId} kept changing while its payment was recorded`);
  }
}
