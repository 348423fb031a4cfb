import { MongoClient } from 'mongodb';
import request from 'supertest';
import { createEvent, topicName, Topics, type EventEnvelope } from '#anlao/events';
import { eventually, MONGO_URL, readWholeTopic, residentsEvents, testProducer } from '#anlao/testing';

export { residentsEvents };

export const DISTRICT = '2101.210102';
export const OTHER_DISTRICT = '2101.210103';
export const STREET = `${DISTRICT}.210102001`;
export const COMMUNITY = `${STREET}.210102001001`;
export const FAR_COMMUNITY = `${OTHER_DISTRICT}.210103001.210103001001`;

/** Publishes events as their services would, and waits until `until` holds in interventions' store. */
export async function feed(
  ns: { topicPrefix: string; dbPrefix: string },
  events: EventEnvelope[],
  until: (db: ReturnType<MongoClient['db']>) => Promise<boolean>,
): Promise<void> {
  const producer = await testProducer(ns, 'interventions-fixture');
  const client = await MongoClient.connect(MONGO_URL);
  try {
    await producer.publish(events);
    await eventually(
      () => until(client.db(`${ns.dbPrefix}interventions`)),
      (ok) => ok,
      30_000,
    );
  } finally {
    await producer.disconnect();
    await client.close();
  }
}

/** purchased-services' events for an organisation with one active worker (and optionally a contract). */
export function providerEvents(
  ns: string,
  providerId: string,
  areas: string[],
  workerId = 'w-1',
  contractId?: string,
): EventEnvelope[] {
  const base = {
    source: 'purchased-services',
    orgUnit: areas[0] ?? DISTRICT,
    correlationId: `fixture-${ns}`,
  };
  const events: EventEnvelope[] = [
    createEvent({
      ...base,
      type: 'provider.registered',
      subject: providerId,
      payload: { providerId, registeredOrgUnit: DISTRICT, operatingAreas: areas },
    }),
    createEvent({
      ...base,
      type: 'provider.worker-changed',
      subject: `${providerId}:${workerId}`,
      payload: {
        providerId,
        workerId,
        role: 'worker',
        licence: 'social-worker',
        streetPath: areas[0] ?? STREET,
        active: true,
      },
    }),
  ];
  if (contractId)
    events.push(
      createEvent({
        ...base,
        type: 'contract.signed',
        subject: contractId,
        payload: {
          contractId,
          version: 1,
          providerId,
          buyerOrgUnit: DISTRICT,
          period: { from: '2026-01-01', to: '2027-12-31' },
          budgetFen: 100_000,
          services: [{ serviceType: 'psychological-counselling', unitPriceFen: 5000 }],
          areas,
          targetGroups: { eligibilityCategories: [], priorityGroups: [] },
          kpis: { onTimeShareTarget: 0.9, ratingTarget: 4 },
        },
      }),
    );
  return events;
}

export interface Published {
  type: string;
  subject: string;
  payload: Record<string, unknown>;
}

/** Every event on interventions' topic, once `until` holds. */
export function publishedOn(topicPrefix: string) {
  const topic = topicName(Topics.interventions, topicPrefix);
  return (until: (events: Published[]) => boolean) =>
    eventually(
      async () =>
        (await readWholeTopic(topic)).map((m) => JSON.parse(m.value?.toString() ?? '{}') as Published),
      until,
      30_000,
    );
}

export const call = (url: string) => ({
  put: (path: string, body: object, auth: Record<string, string>) =>
    request(url).put(path).set(auth).send(body),
  post: (path: string, body: object, auth: Record<string, string>) =>
    request(url).post(path).set(auth).send(body),
  get: (path: string, auth: Record<string, string>) => request(url).get(path).set(auth),
});
