import type { AnyEvent } from '#anlao/events';

export type CardStatus = 'active' | 'suspended' | 'lost';

/**
 * A card as a copy knows it. `digest` is the keyed digest of its printed number (the number
 * itself never leaves the residents service); null when its event predates the digest (ADR 0021).
 */
export interface CardCopy {
  cardId: string;
  digest: string | null;
  status: CardStatus;
}

/** What a service keeps of a resident: enough to accept or refuse a visit or an order, nothing personal. */
export interface ResidentCopy {
  _id: string;
  communityPath: string;
  alive: boolean;
  /** Local day of death (`YYYY-MM-DD`), null while alive. */
  diedOn: string | null;
  cards: CardCopy[];
}

/** The residents events this read model folds. */
export const RESIDENT_COPY_EVENTS = [
  'resident.registered',
  'resident.updated',
  'resident.moved',
  'resident.died',
  'card.issued',
  'card.suspended',
  'card.replaced',
] as const;
export type ResidentCopyEventType = (typeof RESIDENT_COPY_EVENTS)[number];
export type ResidentCopyEvent = Extract<AnyEvent, { type: ResidentCopyEventType }>;

/** A card number's digest and the card it names: the swipe's look-up, by `_id`. */
export interface DigestClaim {
  digest: string;
  cardId: string;
}

function blank(residentId: string, communityPath: string): ResidentCopy {
  return { _id: residentId, communityPath, alive: true, diedOn: null, cards: [] };
}

function withCard(cards: CardCopy[], card: CardCopy): CardCopy[] {
  return cards.some((c) => c.cardId === card.cardId) ? cards : [...cards, card];
}

function setStatus(cards: CardCopy[], cardId: string, status: CardStatus): CardCopy[] {
  // A lost card stays lost: a late or repeated suspension must not bring it back.
  return cards.map((c) => (c.cardId === cardId && c.status !== 'lost' ? { ...c, status } : c));
}

/**
 * Folds one residents event into the copy. Every branch sets a value or adds a card
 * only if absent, so applying the tail of a partition again, in order (a redelivery
 * after a crash between this write and the inbox write), ends in the same state.
 * An event of a resident not yet known (never the case in one ordered partition,
 * but cheap to allow) starts from the envelope's org unit.
 */
export function foldResidentEvent(
  state: ResidentCopy | null,
  event: ResidentCopyEvent,
): { copy: ResidentCopy; claims: DigestClaim[] } {
  const current = state ?? blank(event.payload.residentId, event.orgUnit);
  switch (event.type) {
    case 'resident.registered':
    case 'resident.updated':
      return { copy: { ...current, communityPath: event.payload.communityPath }, claims: [] };
    case 'resident.moved':
      return { copy: { ...current, communityPath: event.payload.toPath }, claims: [] };
    case 'resident.died':
      return {
        copy: {
          ...current,
          communityPath: event.payload.communityPath,
          alive: false,
          diedOn: event.payload.diedOn,
        },
        claims: [],
      };
    case 'card.issued': {
      const digest = event.payload.cardDigest ?? null;
      return {
        copy: {
          ...current,
          cards: withCard(current.cards, { cardId: event.payload.cardId, digest, status: 'active' }),
        },
        claims: digest ? [{ digest, cardId: event.payload.cardId }] : [],
      };
    }
    case 'card.suspended':
      return {
        copy: { ...current, cards: setStatus(current.cards, event.payload.cardId, 'suspended') },
        claims: [],
      };
    case 'card.replaced': {
      const digest = event.payload.newCardDigest ?? null;
      const lost = setStatus(current.cards, event.payload.oldCardId, 'lost');
      return {
        copy: {
          ...current,
          cards: withCard(lost, { cardId: event.payload.newCardId, digest, status: 'active' }),
        },
        claims: digest ? [{ digest, cardId: event.payload.newCardId }] : [],
      };
    }
  }
}

/** A claim and the resident whose copy holds its card. */
export interface ResidentClaim extends DigestClaim {
  residentId: string;
}

/**
 * Folds a run of residents events (one partition's, in order) into the copies they change:
 * `known` holds the copies as stored, read once per resident. The result is one copy per
 * resident, written once, and every digest claim in order. Same idempotence as the single fold.
 */
export function foldResidentEvents(
  known: ReadonlyMap<string, ResidentCopy>,
  events: readonly ResidentCopyEvent[],
): { copies: ResidentCopy[]; claims: ResidentClaim[] } {
  const copies = new Map<string, ResidentCopy>();
  const claims: ResidentClaim[] = [];
  for (const event of events) {
    const id = event.payload.residentId;
    const { copy, claims: made } = foldResidentEvent(copies.get(id) ?? known.get(id) ?? null, event);
    copies.set(id, copy);
    claims.push(...made.map((c) => ({ ...c, residentId: id })));
  }
  return { copies: [...copies.values()], claims };
}

/** What a swipe of a number means for its resident's copy: the card's status, or unknown. */
export function cardStatusOf(copy: ResidentCopy, cardId: string): CardStatus | null {
  return copy.cards.find((c) => c.cardId === cardId)?.status ?? null;
}
