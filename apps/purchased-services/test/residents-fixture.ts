import { MongoClient } from 'mongodb';
import type { EventEnvelope } from '#anlao/events';
import { eventually, MONGO_URL, residentsEvents, testProducer } from '#anlao/testing';

// The events themselves are libs/testing's, shared by every service that reads them.
export { residentsEvents };

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
