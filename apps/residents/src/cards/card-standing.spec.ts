import type { CardState, FormerCard } from '../residents/resident.schema.js';
import { replacedCards, standingOf } from './card-standing.js';

const current: CardState = { cardId: 'card-b', number: '8600000000000026', status: 'active' };
const former: FormerCard = {
  cardId: 'card-a',
  number: '8600000000000018',
  status: 'lost',
  endedOn: '2026-11-01',
};

describe('what a card number means for the resident its claim names', () => {
  it('the current active card is active', () => {
    expect(standingOf({ card: current, formerCards: [former] }, {}, current.number)).toBe('active');
  });

  it('a suspended current card and a former (lost) number are inactive', () => {
    expect(standingOf({ card: { ...current, status: 'suspended' } }, {}, current.number)).toBe('inactive');
    expect(standingOf({ card: current, formerCards: [former] }, {}, former.number)).toBe('inactive');
  });

  it('a number the resident never took (its write did not land) is unknown, like one never issued', () => {
    expect(standingOf({ card: current, formerCards: [former] }, {}, '8600000000000034')).toBe('unknown');
    expect(standingOf({ card: null }, {}, '8600000000000034')).toBe('unknown');
  });

  it('a claim of the two-collection shape the resident no longer holds reads as lost, as it did then', () => {
    expect(standingOf({ card: current }, { status: 'lost' }, '8600000000000034')).toBe('inactive');
    expect(standingOf({ card: current }, { status: 'active' }, current.number)).toBe('active');
  });
});

describe('replacing a lost card', () => {
  it('makes the new card current and keeps the old number as lost, with the day', () => {
    const next = replacedCards(
      { card: current, formerCards: [former] },
      { cardId: 'card-c', number: '8600000000000042' },
      '2026-11-25',
    );
    expect(next.card).toEqual({ cardId: 'card-c', number: '8600000000000042', status: 'active' });
    expect(next.formerCards).toEqual([
      former,
      { cardId: 'card-b', number: current.number, status: 'lost', endedOn: '2026-11-25' },
    ]);
  });

  it('starts the list of former numbers on a record that had none', () => {
    const next = replacedCards(
      { card: { ...current, status: 'suspended' } },
      { cardId: 'c', number: 'n' },
      'd',
    );
    expect(next.formerCards).toEqual([
      { cardId: 'card-b', number: current.number, status: 'lost', endedOn: 'd' },
    ]);
  });
});
