import type { CardState, FormerCard, Resident } from '../residents/resident.schema.js';

/**
 * What a card number means for the resident its claim names:
 * - `active`: the resident's current card, usable;
 * - `inactive`: a number the resident held (lost and replaced) or holds suspended;
 * - `unknown`: the resident never took the number (its write did not land), so it
 *   answers exactly like a number never issued.
 */
export type CardStanding = 'active' | 'inactive' | 'unknown';

export function standingOf(
  holder: Pick<Resident, 'card' | 'formerCards'>,
  claim: { status?: string },
  number: string,
): CardStanding {
  if (holder.card?.number === number) return holder.card.status === 'active' ? 'active' : 'inactive';
  if ((holder.formerCards ?? []).some((c) => c.number === number)) return 'inactive';
  // Claims of the two-collection shape carry a status and their residents list no former
  // numbers: a number such a resident no longer holds was lost or replaced.
  return claim.status !== undefined ? 'inactive' : 'unknown';
}

/** The resident's cards after a lost card is replaced: the new one current, the old one kept as lost. */
export function replacedCards(
  holder: Pick<Resident, 'card' | 'formerCards'>,
  next: Pick<CardState, 'cardId' | 'number'>,
  today: string,
): { card: CardState; formerCards: FormerCard[] } {
  const former = holder.formerCards ?? [];
  const old = holder.card;
  return {
    card: { cardId: next.cardId, number: next.number, status: 'active' },
    formerCards: old
      ? [...former, { cardId: old.cardId, number: old.number, status: 'lost', endedOn: today }]
      : former,
  };
}
