import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import type { Model } from 'mongoose';
import { assertVisible, type Principal } from '#anlao/auth';
import { createEvent } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { ResidentRepository } from '../residents/resident.repository.js';
import type { Resident } from '../residents/resident.schema.js';
import { Card } from './card.schema.js';
import { isValidCardNumber, newCardNumber } from './card-number.js';

/**
 * Community elderly service cards. The resident record says which number is
 * current; the `cards` collection remembers every number ever issued, so a lost
 * or replaced number is known and refused.
 */
@Injectable()
export class CardsUseCase {
  constructor(
    @InjectModel(Card.name) private readonly cards: Model<Card>,
    private readonly registry: RegistryUseCase,
    private readonly residents: ResidentRepository,
  ) {}

  private async newCard(residentId: string): Promise<{ number: string; cardId: string }> {
    const cardId = `card-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    for (;;) {
      const number = newCardNumber();
      try {
        await this.cards.create({ _id: number, cardId, residentId, status: 'active' });
        return { number, cardId };
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
  }

  async issue(principal: Principal, residentId: string, correlationId: string): Promise<Resident> {
    const resident = await this.registry.get(principal, residentId);
    if (resident.status !== 'active')
      throw new DomainError('unprocessable', 'resident.deceased', 'the resident is recorded as deceased');
    if (resident.card)
      throw new DomainError(
        'conflict',
        'card.exists',
        'the resident has a card; report it lost to replace it',
      );
    if (resident.eligibility.categories.length === 0) {
      throw new DomainError(
        'unprocessable',
        'card.not-eligible',
        'cards are issued to eligible residents only',
      );
    }
    const card = await this.newCard(resident._id);
    const event = createEvent({
      type: 'card.issued',
      source: 'residents',
      subject: resident._id,
      orgUnit: resident.communityPath,
      correlationId,
      payload: { residentId: resident._id, cardId: card.cardId },
    });
    const set = { card: { cardId: card.cardId, number: card.number, status: 'active' as const } };
    if (!(await this.residents.update(resident._id, resident.version, set, [event]))) {
      await this.cards.updateOne({ _id: card.number }, { $set: { status: 'lost' } }).exec();
      throw new DomainError('conflict', 'resident.busy', 'the record changed meanwhile; try again');
    }
    return { ...resident, ...set, version: resident.version + 1 };
  }

  async suspend(principal: Principal, residentId: string, correlationId: string): Promise<Resident> {
    const resident = await this.registry.get(principal, residentId);
    if (!resident.card) throw new DomainError('not-found', 'card.not-found', 'the resident has no card');
    if (resident.card.status === 'suspended') return resident;
    const event = createEvent({
      type: 'card.suspended',
      source: 'residents',
      subject: resident._id,
      orgUnit: resident.communityPath,
      correlationId,
      payload: { residentId: resident._id, cardId: resident.card.cardId },
    });
    const set = { card: { ...resident.card, status: 'suspended' as const } };
    if (!(await this.residents.update(resident._id, resident.version, set, [event]))) {
      throw new DomainError('conflict', 'resident.busy', 'the record changed meanwhile; try again');
    }
    await this.cards.updateOne({ _id: resident.card.number }, { $set: { status: 'suspended' } }).exec();
    return { ...resident, ...set };
  }

  /** The old number stops working at once; the resident gets a new one. */
  async reportLost(principal: Principal, residentId: string, correlationId: string): Promise<Resident> {
    const resident = await this.registry.get(principal, residentId);
    if (!resident.card) throw new DomainError('not-found', 'card.not-found', 'the resident has no card');
    if (resident.status !== 'active')
      throw new DomainError('unprocessable', 'resident.deceased', 'the resident is recorded as deceased');
    const old = resident.card;
    const card = await this.newCard(resident._id);
    const event = createEvent({
      type: 'card.replaced',
      source: 'residents',
      subject: resident._id,
      orgUnit: resident.communityPath,
      correlationId,
      payload: { residentId: resident._id, oldCardId: old.cardId, newCardId: card.cardId, reason: 'lost' },
    });
    const set = { card: { cardId: card.cardId, number: card.number, status: 'active' as const } };
    if (!(await this.residents.update(resident._id, resident.version, set, [event]))) {
      await this.cards.updateOne({ _id: card.number }, { $set: { status: 'lost' } }).exec();
      throw new DomainError('conflict', 'resident.busy', 'the record changed meanwhile; try again');
    }
    await this.cards.updateOne({ _id: old.number }, { $set: { status: 'lost' } }).exec();
    return { ...resident, ...set, version: resident.version + 1 };
  }

  /**
   * Hotline look-up by card number: only the resident's current, active card answers. A card
   * of a resident outside the caller's unit, active or not, answers exactly like a number
   * never issued, so a look-up cannot tell whether, or where, it exists.
   */
  async lookup(principal: Principal, number: string): Promise<Resident> {
    if (!isValidCardNumber(number)) {
      throw new DomainError(
        'invalid',
        'card.invalid-number',
        'not a card number (16 digits with a check digit)',
        [{ field: 'number', message: '16 digits, Luhn check digit' }],
      );
    }
    const card = await this.cards.findById(number).lean<Card>().exec();
    const holder = card ? await this.residents.findById(card.residentId) : null;
    const resident = assertVisible(principal, holder && { ...holder, orgUnit: holder.communityPath }, {
      code: 'card.not-found',
      detail: 'no such card',
    });
    if (resident.card?.number !== number || resident.card.status !== 'active') {
      throw new DomainError(
        'unprocessable',
        'card.not-active',
        'this card has been reported lost, replaced or suspended',
      );
    }
    return resident;
  }
}
