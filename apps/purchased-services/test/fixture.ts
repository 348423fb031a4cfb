import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { eventually, readWholeTopic } from '#anlao/testing';

export const CITY = '2101';
export const DISTRICT = '2101.210102';
export const OTHER_DISTRICT = '2101.210103';
export const STREET_1 = `${DISTRICT}.210102001`;
export const STREET_2 = `${DISTRICT}.210102002`;

/** Valid unified social credit codes (check character computed). */
export const CREDIT_CODES = ['52210102MJ0000001Y', '52210102MJ00000022', '53210103MJ0000003G'] as const;

export const provider = (creditCode: string = CREDIT_CODES[0], areas: string[] = [STREET_1, STREET_2]) => ({
  name: 'Heping Yikang Social Work Service Centre',
  creditCode,
  registeredOrgUnit: DISTRICT,
  operatingAreas: areas,
  contact: { name: 'Li Hong', phone: '024-23456789' },
});

export interface Published {
  id: string;
  type: string;
  subject: string;
  orgUnit: string;
  occurredAt: string;
  payload: Record<string, unknown>;
}

/** Every event on the service's topic, once `until` holds. */
export function publishedOn(topicPrefix: string) {
  const topic = topicName(Topics.purchasedServices, topicPrefix);
  return (until: (events: Published[]) => boolean) =>
    eventually(
      async () =>
        (await readWholeTopic(topic)).map((m) => JSON.parse(m.value?.toString() ?? '{}') as Published),
      until,
      30_000,
    );
}

export const of = (events: Published[], type: string, subject: string) =>
  events.filter((e) => e.type === type && e.subject === subject);

export const call = (url: string) => ({
  put: (path: string, body: object, auth: Record<string, string>) =>
    request(url).put(path).set(auth).send(body),
  patch: (path: string, body: object, auth: Record<string, string>) =>
    request(url).patch(path).set(auth).send(body),
  post: (path: string, body: object, auth: Record<string, string>) =>
    request(url).post(path).set(auth).send(body),
  get: (path: string, auth: Record<string, string>) => request(url).get(path).set(auth),
});
