import { MongoClient } from 'mongodb';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { cardDigest } from '#anlao/platform';
import { eventually, MONGO_URL, TEST_CARD_DIGEST_KEY, testProducer } from '#anlao/testing';

/**
 * Residents events as the residents service publishes them (tests feed the bus directly; copied
 * from the centres tests, which tests may not import): card events carry the number's digest
 * under the tests' shared `CARD_DIGEST_KEY`, never the number.
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
  };
}

/** Publishes residents events and waits until the service's read model holds the given residents' last state. */
export async function feedResidents(
  ns: { topicPrefix: string; dbPrefix: string },
  events: EventEnvelope[],
  residentIds: string[],
  until: (copies: Map<string, { alive: boolean; cards: { cardId: string; status: string }[] }>) => boolean,
): Promise<void> {
  const producer = await testProducer(ns, 'purchased-services-residents-seed');
  const client = await MongoClient.connect(MONGO_URL);
  try {
    await producer.publish(events);
    const copies = client
      .db(`${ns.dbPrefix}purchased-services`)
      .collection<{ _id: string; alive: boolean; cards: { cardId: string; status: string }[] }>(
        'resident_copies',
      );
    await eventually(
      async () => {
        const found = await Promise.all(residentIds.map((id) => copies.findOne({ _id: id })));
        return new Map(found.flatMap((c) => (c ? [[c._id, c] as const] : [])));
      },
      until,
      30_000,
    );
  } finally {
    await producer.disconnect();
    await client.close();
  }
}
