import { MongoClient } from 'mongodb';
import request from 'supertest';
import { topicName, Topics } from '#anlao/events';
import { centresService } from '../src/centres.module.js';
import {
  bearer,
  dropDatabases,
  eventually,
  MONGO_URL,
  readWholeTopic,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { seedResidents } from './residents-fixture.js';

interface Published {
  id: string;
  type: string;
  subject: string;
  payload: Record<string, unknown>;
}

/** Register, change, deactivate and list centres, against the real store and broker. */
describe('centre management', () => {
  const ns = uniqueNamespace();
  const PATH = '2101.210102.210102001.210102001001';
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const district = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210102' }));
  const otherDistrict = bearer(tokenFor({ role: 'district-staff', orgUnit: '2101.210103' }));
  const full = {
    name: 'Changbai day-care',
    kind: 'day-care',
    communityPath: PATH,
    capacity: 40,
    communityOnly: false,
    operatorId: 'org-0042',
    openingHours: { mon: [{ from: '08:00', to: '17:30' }], tue: [{ from: '08:00', to: '12:00' }] },
    activities: ['recreation', 'meal'],
    location: { lat: 41.7968, lon: 123.4294 },
  };
  let centres: RunningService;
  const topic = topicName(Topics.centres, ns.topicPrefix);
  const put = (id: string, body: object, auth = admin) =>
    request(centres.url).put(`/centres/${id}`).set(auth).send(body);
  const patch = (id: string, body: object, auth = admin) =>
    request(centres.url).patch(`/centres/${id}`).set(auth).send(body);
  const deactivate = (id: string, reason: string, auth = admin) =>
    request(centres.url).post(`/centres/${id}/deactivate`).set(auth).send({ reason });
  const published = async (until: (events: Published[]) => boolean) =>
    eventually(
      async () =>
        (await readWholeTopic(topic)).map((m) => JSON.parse(m.value?.toString() ?? '{}') as Published),
      until,
      30_000,
    );
  const of = (events: Published[], type: string, subject: string) =>
    events.filter((e) => e.type === type && e.subject === subject);

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    await seedResidents(ns, ['r-1'], PATH);
  });

  afterAll(async () => {
    await centres?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('registers a centre with every field, shows them all and publishes its coded facts', async () => {
    const created = await put('c-full', full).expect(201);
    expect(created.body).toEqual({
      centreId: 'c-full',
      ...full,
      activities: ['meal', 'recreation'],
      openingHours: {
        mon: [{ from: '08:00', to: '17:30' }],
        tue: [{ from: '08:00', to: '12:00' }],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: [],
      },
      status: 'active',
      deactivatedAt: null,
      deactivationReason: null,
    });
    expect((await request(centres.url).get('/centres/c-full').set(district).expect(200)).body).toEqual(
      created.body,
    );
    // The same registration again (activities in another order) is a no-op, other details a conflict.
    await put('c-full', { ...full, activities: ['meal', 'recreation'] }).expect(200);
    const other = await put('c-full', { ...full, location: { lat: 41.8, lon: 123.4294 } }).expect(409);
    expect(other.body.code).toBe('centre.exists');
    const events = await published((e) => of(e, 'centre.registered', 'c-full').length > 0);
    expect(of(events, 'centre.registered', 'c-full').map((e) => e.payload)).toEqual([
      {
        centreId: 'c-full',
        kind: 'day-care',
        communityPath: PATH,
        capacity: 40,
        operatorId: 'org-0042',
        activities: ['meal', 'recreation'],
        communityOnly: false,
      },
    ]);
  });

  it('changes a centre with one centre.updated snapshot; a change that changes nothing publishes nothing', async () => {
    await put('c-upd', { ...full, name: 'To update' }).expect(201);
    const changed = await patch('c-upd', { capacity: 55, activities: ['training'], operatorId: null });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ capacity: 55, activities: ['training'], operatorId: null });
    // Repeats and a name-only change: stored (name) or not at all, but nothing to publish.
    await patch('c-upd', { capacity: 55, activities: ['training'] }).expect(200);
    await patch('c-upd', {}).expect(200);
    expect((await patch('c-upd', { name: 'Renamed' }).expect(200)).body.name).toBe('Renamed');
    // A later publishing change elsewhere: once it is out, anything of c-upd would be too.
    await put('c-sentinel', { ...full, name: 'Sentinel' }).expect(201);
    await patch('c-sentinel', { capacity: 1 }).expect(200);
    const events = await published((e) => of(e, 'centre.updated', 'c-sentinel').length > 0);
    const updates = of(events, 'centre.updated', 'c-upd');
    expect(updates.map((e) => e.payload)).toEqual([
      {
        centreId: 'c-upd',
        kind: 'day-care',
        communityPath: PATH,
        capacity: 55,
        operatorId: null,
        activities: ['training'],
        communityOnly: false,
      },
    ]);
  });

  it('applies two overlapping PATCHes of different fields one after the other, losing neither', async () => {
    await put('c-race', { ...full, name: 'Race' }).expect(201);
    const answers = await Promise.all([
      patch('c-race', { capacity: 60 }),
      patch('c-race', { communityOnly: true }),
      patch('c-race', { kind: 'canteen' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const now = (await request(centres.url).get('/centres/c-race').set(admin).expect(200)).body;
    expect(now).toMatchObject({ capacity: 60, communityOnly: true, kind: 'canteen' });
    const events = await published((e) => of(e, 'centre.updated', 'c-race').length >= 3);
    const snapshots = of(events, 'centre.updated', 'c-race').map((e) => e.payload);
    expect(snapshots).toHaveLength(3);
    // The last snapshot holds every change.
    expect(snapshots).toContainEqual(
      expect.objectContaining({ capacity: 60, communityOnly: true, kind: 'canteen' }),
    );
  });

  it('refuses bad input with 400 problem+json naming the field, changing nothing', async () => {
    await put('c-bad', { ...full, name: 'Bad inputs' }).expect(201);
    const before = (await request(centres.url).get('/centres/c-bad').set(admin)).body;
    const cases: [object, string][] = [
      [
        {
          openingHours: {
            mon: [
              { from: '08:00', to: '12:00' },
              { from: '11:00', to: '17:00' },
            ],
          },
        },
        'openingHours.mon',
      ],
      [{ openingHours: { fri: [{ from: '17:00', to: '17:00' }] } }, 'openingHours.fri'],
      [{ location: { lat: 91, lon: 123 } }, 'location.lat'],
      [{ capacity: -1 }, 'capacity'],
      [{ activities: ['meal', 'meal'] }, 'activities'],
    ];
    for (const [body, field] of cases) {
      const res = await patch('c-bad', body).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const bad = await put('c-bad-new', { ...full, location: { lat: -90.01, lon: 0 } }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['location.lat']);
    await request(centres.url).get('/centres/c-bad-new').set(admin).expect(404);
    expect((await request(centres.url).get('/centres/c-bad').set(admin)).body).toEqual(before);
  });

  it('keeps management to staff of the centre’s unit', async () => {
    await put('c-scope', { ...full, name: 'Scoped' }, district).expect(201);
    await request(centres.url).get('/centres/c-scope').set(otherDistrict).expect(404);
    await patch('c-scope', { capacity: 1 }, otherDistrict).expect(404);
    await deactivate('c-scope', 'closed', otherDistrict).expect(404);
    const client = bearer(tokenFor({ role: 'centre-client', centreId: 'c-scope' }));
    await patch('c-scope', { capacity: 1 }, client).expect(403);
    await deactivate('c-scope', 'closed', client).expect(403);
    // Moving it out of one's own unit is refused; the target place is not secret.
    const move = await patch('c-scope', { communityPath: '2101.210103.210103001' }, district).expect(403);
    expect(move.body.code).toBe('scope.forbidden');
    const unchanged = (await request(centres.url).get('/centres/c-scope').set(admin)).body;
    expect(unchanged).toMatchObject({ capacity: 40, communityPath: PATH, status: 'active' });
  });

  it('rejects a visit outside the opening hours, in city time, and records one within them', async () => {
    const client = bearer(tokenFor({ role: 'centre-client', centreId: 'c-full' }));
    // A Monday 10:00 in Shanghai one to two weeks back (within the late window), and the Wednesday after.
    const monday = new Date(Date.now() - 7 * 86_400_000);
    while (new Date(monday.getTime() + 8 * 3_600_000).getUTCDay() !== 1)
      monday.setTime(monday.getTime() - 86_400_000);
    const local = new Date(monday.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const mondayTen = new Date(`${local}T10:00:00+08:00`);
    const wednesdayTen = new Date(mondayTen.getTime() + 2 * 86_400_000);
    const earlyMonday = new Date(mondayTen.getTime() - 155 * 60_000); // 07:25
    const visit = (visitId: string, at: Date) => ({
      visitId,
      residentId: 'r-1',
      activity: 'meal',
      checkInAt: at.toISOString(),
    });
    const res = await request(centres.url)
      .post('/centres/c-full/visits')
      .set(client)
      .send({
        visits: [visit('in', mondayTen), visit('closed-day', wednesdayTen), visit('early', earlyMonday)],
      })
      .expect(201);
    expect(res.body.results).toEqual([
      { visitId: 'in', status: 'recorded' },
      expect.objectContaining({
        visitId: 'closed-day',
        status: 'rejected',
        code: 'visit.outside-opening-hours',
      }),
      expect.objectContaining({ visitId: 'early', status: 'rejected', code: 'visit.outside-opening-hours' }),
    ]);
  });

  it('deactivates once, refuses changes and visits afterwards', async () => {
    await put('c-stop', { ...full, name: 'To stop' }).expect(201);
    const first = await deactivate('c-stop', 'relocated').expect(200);
    expect(first.body).toMatchObject({ status: 'inactive', deactivationReason: 'relocated' });
    expect(Date.parse(first.body.deactivatedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    // Again, even with another reason: harmless, the first stands.
    const again = await deactivate('c-stop', 'closed').expect(200);
    expect(again.body).toEqual(first.body);
    await deactivate('c-stop', 'forgotten').expect(400);
    const change = await patch('c-stop', { capacity: 2 }).expect(409);
    expect(change.body.code).toBe('centre.inactive');

    const client = bearer(tokenFor({ role: 'centre-client', centreId: 'c-stop' }));
    const visits = await request(centres.url)
      .post('/centres/c-stop/visits')
      .set(client)
      .send({
        visits: [
          { visitId: 'late', residentId: 'r-1', activity: 'meal', checkInAt: new Date().toISOString() },
        ],
      })
      .expect(409);
    expect(visits.headers['content-type']).toContain('application/problem+json');
    expect(visits.body.code).toBe('centre.inactive');
    const store = await MongoClient.connect(MONGO_URL);
    try {
      const stored = await store
        .db(`${ns.dbPrefix}centres`)
        .collection('visits')
        .findOne({ centreId: 'c-stop' });
      expect(stored).toBeNull();
    } finally {
      await store.close();
    }

    await put('c-sentinel-2', { ...full, name: 'Sentinel 2' }).expect(201);
    await deactivate('c-sentinel-2', 'other').expect(200);
    const events = await published((e) => of(e, 'centre.deactivated', 'c-sentinel-2').length > 0);
    expect(of(events, 'centre.deactivated', 'c-stop').map((e) => e.payload)).toEqual([
      { centreId: 'c-stop', communityPath: PATH, reason: 'relocated' },
    ]);
  });

  it('reads a centre stored before these fields as active, open at any time, and changes it', async () => {
    const store = await MongoClient.connect(MONGO_URL);
    try {
      await store
        .db(`${ns.dbPrefix}centres`)
        .collection<{ _id: string; name: string; kind: string; communityPath: string; capacity: number }>(
          'centres',
        )
        .insertOne({ _id: 'c-old', name: 'Old', kind: 'canteen', communityPath: PATH, capacity: 8 });
    } finally {
      await store.close();
    }
    const old = (await request(centres.url).get('/centres/c-old').set(admin).expect(200)).body;
    expect(old).toMatchObject({
      communityOnly: false,
      operatorId: null,
      openingHours: null,
      activities: [],
      location: null,
      status: 'active',
    });
    const list = await request(centres.url)
      .get('/centres')
      .set(admin)
      .query({ status: 'active', kind: 'canteen' });
    expect(list.body.items.map((c: { centreId: string }) => c.centreId)).toContain('c-old');
    // No revision stored yet: the first change is conditional on its absence.
    await patch('c-old', { capacity: 9 }).expect(200);
    await patch('c-old', { capacity: 10 }).expect(200);
    expect((await request(centres.url).get('/centres/c-old').set(admin)).body.capacity).toBe(10);
    await deactivate('c-old', 'closed').expect(200);
  });

  it('lists the centres in scope by kind, community and status, paged by cursor', async () => {
    const street = '2101.210104.210104001';
    const mine = bearer(tokenFor({ role: 'street-staff', orgUnit: street }));
    const centre = (id: string, kind: string, community: string) =>
      put(id, { ...full, name: id, kind, communityPath: `${street}.${community}` }, mine).expect(201);
    await centre('l-1', 'canteen', '210104001001');
    await centre('l-2', 'day-care', '210104001001');
    await centre('l-3', 'canteen', '210104001002');
    await centre('l-4', 'activity-room', '210104001002');
    await centre('l-5', 'canteen', '210104001002');
    await deactivate('l-5', 'merged', mine).expect(200);
    const ids = async (query: Record<string, string | number>, auth = mine) => {
      const res = await request(centres.url).get('/centres').set(auth).query(query).expect(200);
      return { ids: (res.body.items as { centreId: string }[]).map((c) => c.centreId), next: res.body.next };
    };
    expect((await ids({})).ids).toEqual(['l-1', 'l-2', 'l-3', 'l-4', 'l-5']);
    expect((await ids({ kind: 'canteen' })).ids).toEqual(['l-1', 'l-3', 'l-5']);
    expect((await ids({ community: `${street}.210104001002` })).ids).toEqual(['l-3', 'l-4', 'l-5']);
    expect((await ids({ status: 'inactive' })).ids).toEqual(['l-5']);
    expect((await ids({ kind: 'canteen', status: 'active' })).ids).toEqual(['l-1', 'l-3']);
    // A community outside the caller's unit: nothing, not an error.
    expect((await ids({ community: PATH })).ids).toEqual([]);
    expect((await ids({ community: street }, otherDistrict)).ids).toEqual([]);
    // Admin sees the whole city; the community filter narrows it to the street.
    expect((await ids({ community: street, status: 'active' }, admin)).ids).toEqual([
      'l-1',
      'l-2',
      'l-3',
      'l-4',
    ]);

    const first = await ids({ limit: 2, community: street });
    expect(first).toEqual({ ids: ['l-1', 'l-2'], next: 'l-2' });
    const second = await ids({ limit: 2, community: street, after: first.next as string });
    expect(second).toEqual({ ids: ['l-3', 'l-4'], next: 'l-4' });
    expect(await ids({ limit: 2, community: street, after: 'l-4' })).toEqual({ ids: ['l-5'], next: null });

    const bad = await request(centres.url)
      .get('/centres')
      .set(mine)
      .query({ community: 'nowhere' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['community']);
  });
});
