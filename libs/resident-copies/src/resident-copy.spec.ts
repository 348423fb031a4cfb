import { createEvent } from '#anlao/events';
import { cardDigest } from '#anlao/platform';
import {
  foldResidentEvent,
  foldResidentEvents,
  type ResidentCopy,
  type ResidentCopyEvent,
} from './resident-copy.js';

const PATH = '2101.210102.210102001.210102001001';
const KEY = Buffer.alloc(32, 1).toString('base64');
const DIGEST_1 = cardDigest(KEY, '8600000000000001');
const DIGEST_2 = cardDigest(KEY, '8600000000000002');
const ev = (e: Omit<Parameters<typeof createEvent>[0], 'source' | 'subject' | 'orgUnit' | 'correlationId'>) =>
  createEvent({
    ...e,
    source: 'residents',
    subject: 'r-1',
    orgUnit: PATH,
    correlationId: 'c',
  }) as ResidentCopyEvent;

const facts = {
  residentId: 'r-1',
  communityPath: PATH,
  sex: 'female',
  birthYearMonth: '1940-03',
  hukou: 'urban',
  livingArrangement: 'alone',
  familyStatus: 'ordinary',
  economicStatus: 'ordinary',
  selfCare: 'independent',
} as const;

const history: ResidentCopyEvent[] = [
  ev({ type: 'resident.registered', payload: facts }),
  ev({
    type: 'card.issued',
    payload: { residentId: 'r-1', cardId: 'card-1', cardDigest: DIGEST_1 },
  }),
  ev({ type: 'resident.moved', payload: { residentId: 'r-1', fromPath: PATH, toPath: '2101.210103' } }),
  ev({ type: 'card.suspended', payload: { residentId: 'r-1', cardId: 'card-1' } }),
  ev({
    type: 'card.replaced',
    payload: {
      residentId: 'r-1',
      oldCardId: 'card-1',
      newCardId: 'card-2',
      reason: 'lost',
      newCardDigest: DIGEST_2,
    },
  }),
  ev({
    type: 'resident.died',
    payload: { residentId: 'r-1', communityPath: '2101.210103', diedOn: '2026-11-20' },
  }),
];

const fold = (events: ResidentCopyEvent[], from: ResidentCopy | null = null) =>
  events.reduce<ResidentCopy | null>((s, e) => foldResidentEvent(s, e).copy, from);

describe('foldResidentEvent', () => {
  it('keeps the area, alive or dead, and every card with its status', () => {
    expect(fold(history)).toEqual({
      _id: 'r-1',
      communityPath: '2101.210103',
      alive: false,
      diedOn: '2026-11-20',
      cards: [
        { cardId: 'card-1', digest: DIGEST_1, status: 'lost' },
        { cardId: 'card-2', digest: DIGEST_2, status: 'active' },
      ],
    });
  });

  it('ends in the same state when a tail of the history is applied again, in order (redelivery)', () => {
    const once = fold(history);
    for (let from = 0; from < history.length; from++) expect(fold(history.slice(from), once)).toEqual(once);
  });

  it('claims the digests a card event carries, and none when it carries none', () => {
    expect(foldResidentEvent(null, history[1] as ResidentCopyEvent).claims).toEqual([
      { digest: DIGEST_1, cardId: 'card-1' },
    ]);
    const bare = ev({ type: 'card.issued', payload: { residentId: 'r-1', cardId: 'card-9' } });
    expect(foldResidentEvent(null, bare)).toMatchObject({
      claims: [],
      copy: { communityPath: PATH, cards: [{ cardId: 'card-9', digest: null, status: 'active' }] },
    });
  });

  it('never brings a lost card back with a late suspension', () => {
    const state = fold(history);
    const late = ev({ type: 'card.suspended', payload: { residentId: 'r-1', cardId: 'card-1' } });
    expect(foldResidentEvent(state, late).copy.cards[0]?.status).toBe('lost');
  });
});

describe('foldResidentEvents (a run)', () => {
  const other = (e: ResidentCopyEvent): ResidentCopyEvent =>
    ({ ...e, payload: { ...e.payload, residentId: 'r-2' } }) as ResidentCopyEvent;
  // Two residents' histories interleaved, as one partition brings them.
  const run = history.flatMap((e) => [e, other(e)]);

  it('ends, per resident, where the events one at a time end, with one copy each', () => {
    const { copies } = foldResidentEvents(new Map(), run);
    expect(copies.map((c) => c._id)).toEqual(['r-1', 'r-2']);
    expect(copies[0]).toEqual(fold(history));
    expect(copies[1]).toEqual({ ...fold(history), _id: 'r-2' });
  });

  it('starts from the stored copy and keeps every claim in order, with its resident', () => {
    const stored = fold(history.slice(0, 1)) as ResidentCopy;
    const { copies, claims } = foldResidentEvents(new Map([['r-1', stored]]), history.slice(1));
    expect(copies).toEqual([fold(history)]);
    expect(claims).toEqual([
      { digest: DIGEST_1, cardId: 'card-1', residentId: 'r-1' },
      { digest: DIGEST_2, cardId: 'card-2', residentId: 'r-1' },
    ]);
  });

  it('changes nothing when the run is applied again over its own result (redelivery)', () => {
    const first = foldResidentEvents(new Map(), run).copies;
    const again = foldResidentEvents(new Map(first.map((c) => [c._id, c])), run).copies;
    expect(again).toEqual(first);
  });
});
