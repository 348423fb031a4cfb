import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { isDuplicateKey } from '#anlao/messaging';
import { CardNumber } from './card.schema.js';
import { newCardNumber } from './card-number.js';

export interface ClaimedNumber {
  number: string;
  cardId: string;
}

/** Claims of card numbers, by number (`_id`): every operation here is one `_id` operation. */
@Injectable()
export class CardNumberRepository {
  constructor(@InjectModel(CardNumber.name) private readonly claims: Model<CardNumber>) {}

  /** A fresh number claimed for the resident; the `_id` refuses one claimed before, and another is drawn. */
  async claim(residentId: string): Promise<ClaimedNumber> {
    const cardId = `card-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    for (;;) {
      const number = newCardNumber();
      try {
        await this.claims.create({ _id: number, cardId, residentId });
        return { number, cardId };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
  }

  /**
   * Gives back a claim the resident is known not to hold (its conditional write did not
   * apply). Tidiness only: a claim left behind reads as never issued.
   */
  async release(claim: ClaimedNumber, residentId: string): Promise<void> {
    await this.claims.deleteOne({ _id: claim.number, residentId, cardId: claim.cardId }).exec();
  }

  find(number: string): Promise<CardNumber | null> {
    return this.claims.findById(number).lean<CardNumber>().exec();
  }
}
