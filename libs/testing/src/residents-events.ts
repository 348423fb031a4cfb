import { createEvent, type EventEnvelope } from '#anlao/events';
import { cardDigest } from '#anlao/platform';
import { TEST_CARD_DIGEST_KEY } from './infra.js';

/**
 * Residents events as the residents service publishes them, for tests of the services that read
 * them (they feed the bus directly):
 * card events carry the number's digest under the tests' shared `CARD_DIGEST_KEY`, never the number.
 */
export function residentsEvents(ns: string) {
  const base = (residentId: string, orgUnit: string) => ({
    source: 'residents',
    subject: residentId,
    orgUnit,
    correlationId: `fixture-${ns}`,
  });
  return {
    registered: (residentId: string, communityPath: string): EventEnvelope =>
      createEvent({
        ...base(residentId, communityPath),
        type: 'resident.registered',
        payload: {
          residentId,
          communityPath,
          sex: 'female',
          birthYearMonth: '1940-03',
          hukou: 'urban',
          livingArrangement: 'alone',
          familyStatus: 'ordinary',
          economicStatus: 'ordinary',
          selfCare: 'independent',
        },
      }),
    died: (residentId: string, communityPath: string, diedOn: string): EventEnvelope =>
      createEvent({
        ...base(residentId, communityPath),
        type: 'resident.died',
        payload: { residentId, communityPath, diedOn },
      }),
    cardIssued: (residentId: string, path: string, cardId: string, cardNumber: string): EventEnvelope =>
      createEvent({
        ...base(residentId, path),
        type: 'card.issued',
        payload: { residentId, cardId, cardDigest: cardDigest(TEST_CARD_DIGEST_KEY, cardNumber) },
      }),
    cardSuspended: (residentId: string, path: string, cardId: string): EventEnvelope =>
      createEvent({ ...base(residentId, path), type: 'card.suspended', payload: { residentId, cardId } }),
    cardReplaced: (
      residentId: string,
      path: string,
      oldCardId: string,
      newCardId: string,
      newCardNumber: string,
    ) =>
      createEvent({
        ...base(residentId, path),
        type: 'card.replaced',
        payload: {
          residentId,
          oldCardId,
          newCardId,
          reason: 'lost',
          newCardDigest: cardDigest(TEST_CARD_DIGEST_KEY, newCardNumber),
        },
      }),
  };
}
