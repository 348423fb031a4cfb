import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { assertMayWriteIn, assertVisible, type Principal } from '#anlao/auth';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { cardDigester, DomainError, LOGGER } from '#anlao/platform';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { ResidentRepository } from '../residents/resident.repository.js';
import type { Resident } from '../residents/resident.schema.js';
import { RESIDENTS_CONFIG, type ResidentsConfig } from '../residents.config.js';
import { isValidCardNumber } from './card-number.js';
import { CardNumberRepository, type ClaimedNumber } from './card-numbers.repository.js';
import { replacedCards, standingOf } from './card-standing.js';

/** Conditional writes tried before the caller is told the record keeps changing. */
const ATTEMPTS = 5;

interface CardChange {
  set: Partial<Resident>;
  events: EventEnvelope[];
}

const NOT_FOUND = { code: 'card.not-found', detail: 'no such card' } as const;

/**
 * Community elderly service cards. A resident's cards — the current one and every
 * former number — live in the resident's document, so issuing, suspending and
 * replacing a card is one conditional write of that document with its event
 * (outbox). Numbers are claimed by `_id` in `cards` before that write: unique
 * city-wide, and the look-up path of a swipe (ADR 0017).
 */
@Injectable()
export class CardsUseCase {
  /** Card events carry this keyed digest of the number, never the number (ADR 0021). */
  private readonly digest: (number: string) => string;

  constructor(
    private readonly numbers: CardNumberRepository,
    private readonly registry: RegistryUseCase,
    private readonly residents: ResidentRepository,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RESIDENTS_CONFIG) config: ResidentsConfig,
  ) {
    this.digest = cardDigester(config.CARD_DIGEST_KEY);
  }

  async issue(principal: Principal, residentId: string, correlationId: string): Promise<Resident> {
    return this.change(principal, residentId, async (resident, claim) => {
      assertAlive(resident);
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
      const card = await claim();
      const event = createEvent({
        type: 'card.issued',
        source: 'residents',
        subject: resident._id,
        orgUnit: resident.communityPath,
        correlationId,
        payload: { residentId: resident._id, cardId: card.cardId, cardDigest: this.digest(card.number) },
      });
      return {
        set: { card: { cardId: card.cardId, number: card.number, status: 'active' } },
        events: [event],
      };
    });
  }

  async suspend(principal: Principal, residentId: string, correlationId: string): Promise<Resident> {
    return this.change(principal, residentId, (resident) => {
      if (!resident.card) throw new DomainError('not-found', 'card.not-found', 'the resident has no card');
      if (resident.card.status === 'suspended') return Promise.resolve(null);
      const event = createEvent({
        type: 'card.suspended',
        source: 'residents',
        subject: resident._id,
        orgUnit: resident.communityPath,
        correlationId,
        payload: { residentId: resident._id, cardId: resident.card.cardId },
      });
      return Promise.resolve({ set: { card: { ...resident.card, status: 'suspended' } }, events: [event] });
    });
  }

  /** The old number stops working at once; the resident gets a new one, in the same write. */
  async reportLost(principal: Principal, residentId: string, correlationId: string): Promise<Resident> {
    return this.change(principal, residentId, async (resident, claim) => {
      if (!resident.card) throw new DomainError('not-found', 'card.not-found', 'the resident has no card');
      assertAlive(resident);
      const old = resident.card;
      const card = await claim();
      const event = createEvent({
        type: 'card.replaced',
        source: 'residents',
        subject: resident._id,
        orgUnit: resident.communityPath,
        correlationId,
        payload: {
          residentId: resident._id,
          oldCardId: old.cardId,
          newCardId: card.cardId,
          reason: 'lost',
          newCardDigest: this.digest(card.number),
        },
      });
      return { set: replacedCards(resident, card, this.registry.today()), events: [event] };
    });
  }

  /**
   * Hotline look-up (and card swipe) by number: two `_id` look-ups, the claim then its
   * resident; only the resident's current, active card answers. A card of a resident
   * outside the caller's unit, active or not, and a number whose claim its resident never
   * took answer exactly like a number never issued.
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
    const claim = await this.numbers.find(number);
    const holder = claim ? await this.residents.findById(claim.residentId) : null;
    const resident = assertVisible(
      principal,
      holder && { ...holder, orgUnit: holder.communityPath },
      NOT_FOUND,
    );
    const standing = claim ? standingOf(resident, claim, number) : 'unknown';
    if (standing === 'unknown') throw new DomainError('not-found', NOT_FOUND.code, NOT_FOUND.detail);
    if (standing === 'inactive') {
      throw new DomainError(
        'unprocessable',
        'card.not-active',
        'this card has been reported lost, replaced or suspended',
      );
    }
    return resident;
  }

  /**
   * One conditional write of the resident per attempt: a version conflict re-reads and
   * decides again (so of two concurrent issues one writes and the other sees the card).
   * A number is claimed at most once per call and given back when the resident is known
   * not to hold it; when a write's outcome is unknown (it threw), the claim stays.
   */
  private async change(
    principal: Principal,
    id: string,
    decide: (current: Resident, claim: () => Promise<ClaimedNumber>) => Promise<CardChange | null>,
  ): Promise<Resident> {
    let claimed: ClaimedNumber | undefined;
    const claim = async () => (claimed ??= await this.numbers.claim(id));
    let keepClaim = false;
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const current = await this.registry.get(principal, id);
        assertMayWriteIn(principal, current.communityPath);
        const change = await decide(current, claim);
        if (!change) return current;
        keepClaim = true;
        const applied = await this.residents.update(id, current.version, change.set, change.events);
        keepClaim = applied && claimed !== undefined && change.set.card?.number === claimed.number;
        if (applied) return { ...current, ...change.set, version: current.version + 1 };
      }
      throw new DomainError('conflict', 'resident.busy', 'the record kept changing; try again');
    } finally {
      if (claimed && !keepClaim) await this.release(claimed, id);
    }
  }

  private async release(claim: ClaimedNumber, residentId: string): Promise<void> {
    try {
      await this.numbers.release(claim, residentId);
    } catch (error) {
      this.logger.warn({ err: error, residentId }, 'an unused card number stays claimed (reads as unknown)');
    }
  }
}

function assertAlive(resident: Resident): void {
  if (resident.status !== 'active')
    throw new DomainError('unprocessable', 'resident.deceased', 'the resident is recorded as deceased');
}
