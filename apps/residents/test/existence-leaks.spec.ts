import request from 'supertest';
import { localDay } from '#anlao/platform';
import {
  bearer,
  dropDatabases,
  finishedJob,
  jobUrl,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { luhnDigit } from '../src/cards/card-number.js';
import { nationalId, ORG_UNITS_CSV, personFixture } from './fixtures.js';
import { startResidents } from './residents-under-test.js';

const CSV_HEADER =
  'nationalId,name,sex,birthDate,phone,address,communityCode,hukou,livingArrangement,familyStatus,economicStatus,selfCare,disabilities,chronicConditions';

const RESIDENT_ID = /r-[a-z0-9]{8,}/;
const MASKED = /^\d{4}\*{10}[\dX]{4}$/;

/**
 * A caller must not learn that a person is registered, or holds a card, outside its unit;
 * and a full ID number appears only where one record is read by a role that may see it.
 * Talks to the service directly: the same checks hold with or without the gateway.
 */
describe('no existence leaks across units, and ID numbers masked in lists', () => {
  const ns = uniqueNamespace();
  let residents: RunningService;
  const today = localDay(new Date(), 'Asia/Shanghai');
  const born85 = `${Number(today.slice(0, 4)) - 85}-03-04`;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const heping = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210102' }));
  const shenhe = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210103' }));
  const changbai = bearer(tokenFor({ role: 'street-staff', orgUnit: '2101.210102.210102001' }));
  const hepingHotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: '2101.210102' }));
  const shenheHotline = bearer(tokenFor({ role: 'hotline-operator', orgUnit: '2101.210103' }));

  const hepingNumber = nationalId(born85, 21, '210102');
  const hepingNumber2 = nationalId(born85, 23, '210102');
  const shenheNumber = nationalId(born85, 25, '210103');
  let hepingResident: string;
  let shenheResident: string;
  let hepingCard: string;

  const person = (id: string, communityCode: string) =>
    personFixture(id, { address: '5 号楼', communityCode });
  const csvLine = (id: string, communityCode: string) =>
    `${id},长者,,,13900000000,地址,${communityCode},rural,alone,ordinary,dibao,independent,,`;

  beforeAll(async () => {
    residents = await startResidents(ns);
    await request(residents.url)
      .post('/org-units/import')
      .set(admin)
      .set('content-type', 'text/csv')
      .send(ORG_UNITS_CSV)
      .expect(200);
    hepingResident = (
      await request(residents.url)
        .post('/residents')
        .set(heping)
        .send(person(hepingNumber, '210102001001'))
        .expect(201)
    ).body.residentId as string;
    await request(residents.url)
      .post('/residents')
      .set(changbai)
      .send(person(hepingNumber2, '210102001001'))
      .expect(201);
    shenheResident = (
      await request(residents.url)
        .post('/residents')
        .set(shenhe)
        .send(person(shenheNumber, '210103001001'))
        .expect(201)
    ).body.residentId as string;
    hepingCard = (
      await request(residents.url).post(`/residents/${hepingResident}/card`).set(heping).expect(201)
    ).body.card.number as string;
  });

  afterAll(async () => {
    await residents?.close();
    await dropDatabases(ns.dbPrefix);
  });

  describe('listing a community (an equality on its path, served by an index)', () => {
    const ids = async (auth: Record<string, string>, community: string) => {
      const res = await request(residents.url).get('/residents').set(auth).query({ community, limit: 50 });
      return {
        status: res.status,
        ids: ((res.body.items ?? []) as { residentId: string }[]).map((r) => r.residentId),
      };
    };

    it('gives the community’s residents and no one else’s, within the caller’s unit only', async () => {
      const changbaiList = await ids(admin, '210102001001');
      expect(changbaiList.status).toBe(200);
      expect(changbaiList.ids).toHaveLength(2);
      expect(changbaiList.ids).toContain(hepingResident);
      expect(changbaiList.ids).not.toContain(shenheResident);
      expect((await ids(shenhe, '210103001001')).ids).toEqual([shenheResident]);
      const across = await ids(shenhe, '210102001001');
      expect(across.ids).toEqual([]);
    });
  });

  describe('registering a number that is registered already', () => {
    it('outside the caller’s unit: 409 registered-elsewhere, with no id and no hint of where', async () => {
      const res = await request(residents.url)
        .post('/residents')
        .set(shenhe)
        .send(person(hepingNumber, '210103001001'))
        .expect(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.code).toBe('resident.registered-elsewhere');
      expect(res.body).not.toHaveProperty('existingResidentId');
      expect(res.text).not.toContain(hepingResident);
      expect(res.text).not.toMatch(RESIDENT_ID);
      // Neither the number nor Heping's code or path (the number starts with the region code).
      expect(res.text).not.toContain('210102');
    });

    it('inside the caller’s unit: 409 already-registered with the existing id, as before', async () => {
      const res = await request(residents.url)
        .post('/residents')
        .set(heping)
        .send(person(hepingNumber, '210102001001'))
        .expect(409);
      expect(res.body).toMatchObject({
        code: 'resident.already-registered',
        existingResidentId: hepingResident,
      });
      const byAdmin = await request(residents.url)
        .post('/residents')
        .set(admin)
        .send(person(hepingNumber, '210102001001'))
        .expect(409);
      expect(byAdmin.body.existingResidentId).toBe(hepingResident);
    });

    it('by CSV import: a line registered outside the unit is reported by code without an id', async () => {
      const csv = [
        CSV_HEADER,
        csvLine(hepingNumber, '210103001001'),
        csvLine(shenheNumber, '210103001001'),
      ].join('\n');
      const res = await request(residents.url)
        .post('/residents/import')
        .set(shenhe)
        .set('content-type', 'text/csv')
        .send(csv)
        .expect(202);
      const job = await finishedJob(
        jobUrl(`${residents.url}/residents/import`, res.headers.location),
        shenhe,
      );
      expect(job.status).toBe('succeeded');
      expect(job.counts).toEqual({ imported: 0, existing: 1, rejected: 1 });
      expect(job.errors).toEqual([
        {
          item: 'line:2',
          code: 'resident.registered-elsewhere',
          detail: 'nationalId: registered outside your unit',
        },
      ]);
      expect(JSON.stringify(job)).not.toMatch(RESIDENT_ID);
      expect(JSON.stringify(job)).not.toContain('210102');
    });
  });

  describe('card look-up', () => {
    const lookup = (auth: Record<string, string>, number: unknown) =>
      request(residents.url).post('/cards/lookup').set(auth).send({ number });
    /** The answer with its per-request correlation id blanked: everything else must match byte for byte. */
    const comparable = (res: request.Response) =>
      res.text.replace(String((res.body as { correlationId?: string }).correlationId), '<correlation>');
    // Never issued: issued numbers are random, one in 10^13 could collide.
    const unknownCard = () => `869999999999999${luhnDigit('869999999999999')}`;

    it('takes the number in the body: 200 in scope, masked for an operator; no route with it in the URL', async () => {
      const hit = await lookup(hepingHotline, hepingCard).expect(200);
      expect(hit.body).toMatchObject({ residentId: hepingResident, nationalIdMasked: true });
      expect(hit.body.nationalId).toMatch(MASKED);
      const old = await request(residents.url).get(`/cards/${hepingCard}`).set(hepingHotline);
      expect([404, 405]).toContain(old.status);
      expect(old.text).not.toContain(hepingResident);
    });

    it('a card outside the operator’s unit answers exactly like an unknown card', async () => {
      const unknown = await lookup(shenheHotline, unknownCard()).expect(404);
      const elsewhere = await lookup(shenheHotline, hepingCard).expect(404);
      expect(unknown.body.code).toBe('card.not-found');
      expect(elsewhere.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(comparable(elsewhere)).toBe(comparable(unknown));
      expect(elsewhere.text).not.toContain(hepingResident);
    });

    it('a replaced card outside the unit is unknown too, not "reported lost"', async () => {
      const replaced = await request(residents.url)
        .post(`/residents/${hepingResident}/card/report-lost`)
        .set(heping)
        .expect(200);
      expect((await lookup(hepingHotline, hepingCard).expect(422)).body.code).toBe('card.not-active');
      const unknown = await lookup(shenheHotline, unknownCard()).expect(404);
      const lost = await lookup(shenheHotline, hepingCard).expect(404);
      expect(comparable(lost)).toBe(comparable(unknown));
      hepingCard = replaced.body.card.number as string;
    });

    it('refuses a malformed body with 400 problem+json naming the field', async () => {
      for (const body of [
        {},
        { number: 8612345678901234 },
        { number: '86123' },
        { number: 'x'.repeat(5000) },
      ]) {
        const res = await request(residents.url)
          .post('/cards/lookup')
          .set(shenheHotline)
          .send(body)
          .expect(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(JSON.stringify(res.body.errors)).toContain('number');
      }
      const badCheckDigit = `${hepingCard.slice(0, 15)}${(Number(hepingCard[15]) + 1) % 10}`;
      await lookup(hepingHotline, badCheckDigit).expect(400);
      await request(residents.url)
        .post('/cards/lookup')
        .set(hepingHotline)
        .send({ number: hepingCard, residentId: hepingResident })
        .expect(400);
    });
  });

  describe('ID numbers', () => {
    it('are masked in lists for every role, street staff included', async () => {
      for (const [who, auth, count] of [
        ['street staff', changbai, 2],
        ['district staff', heping, 2],
        ['city admin', admin, 3],
      ] as const) {
        const res = await request(residents.url)
          .get('/residents')
          .query({ limit: 200 })
          .set(auth)
          .expect(200);
        const items = res.body.items as { nationalId: string; nationalIdMasked: boolean }[];
        expect({ who, count: items.length }).toEqual({ who, count });
        for (const item of items) {
          expect({ who, ...item }).toMatchObject({ who, nationalIdMasked: true });
          expect(item.nationalId).toMatch(MASKED);
        }
        for (const number of [hepingNumber, hepingNumber2, shenheNumber])
          expect(res.text).not.toContain(number);
      }
    });

    it('are whole on a single-record read by a role that may see them, masked for the others', async () => {
      const street = await request(residents.url)
        .get(`/residents/${hepingResident}`)
        .set(changbai)
        .expect(200);
      expect(street.body).toMatchObject({ nationalId: hepingNumber, nationalIdMasked: false });
      const found = await request(residents.url)
        .post('/residents/lookup')
        .set(heping)
        .send({ nationalId: hepingNumber })
        .expect(200);
      expect(found.body).toMatchObject({ residentId: hepingResident, nationalId: hepingNumber });
      const shenheOwn = await request(residents.url)
        .get(`/residents/${shenheResident}`)
        .set(shenhe)
        .expect(200);
      expect(shenheOwn.body.nationalId).toBe(shenheNumber);
      const operator = await request(residents.url)
        .get(`/residents/${hepingResident}`)
        .set(hepingHotline)
        .expect(200);
      expect(operator.body).toMatchObject({ nationalIdMasked: true });
      expect(operator.text).not.toContain(hepingNumber);
    });

    it('are masked in the answers to writes (a full number is only ever an audited single-record read)', async () => {
      const res = await request(residents.url)
        .patch(`/residents/${hepingResident}`)
        .set(heping)
        .send({ livingArrangement: 'with-partner' })
        .expect(200);
      expect(res.body.nationalIdMasked).toBe(true);
      expect(res.text).not.toContain(hepingNumber);
    });
  });
});
