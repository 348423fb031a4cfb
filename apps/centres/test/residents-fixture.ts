import { MongoClient } from 'mongodb';
import { eventually, MONGO_URL, residentsEvents, testProducer } from '#anlao/testing';

// The events themselves are libs/testing's, shared by every service that reads them.
export { residentsEvents };

/**
 * Puts residents on the bus and waits until the centres service under test has them
 * in its read model (looked up in its store by `_id`).
 */
export async function seedResidents(
  ns: { topicPrefix: string; dbPrefix: string },
  residentIds: string[],
  communityPath: string,
): Promise<void> {
  const producer = await testProducer(ns, 'centres-residents-seed');
  const client = await MongoClient.connect(MONGO_URL);
  try {
    const ev = residentsEvents(ns.topicPrefix);
    await producer.publish(residentIds.map((id) => ev.registered(id, communityPath)));
    const copies = client.db(`${ns.dbPrefix}centres`).collection<{ _id: string }>('resident_copies');
    await eventually(
      () => Promise.all(residentIds.map((id) => copies.findOne({ _id: id }))),
      (found) => found.every(Boolean),
      30_000,
    );
  } finally {
    await producer.disconnect();
    await client.close();
  }
}
