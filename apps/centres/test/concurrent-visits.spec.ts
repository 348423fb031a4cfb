import request from 'supertest';
import { centresService } from '../src/centres.module.js';
import {
  bearer,
  dropDatabases,
  startService,
  testConfig,
  tokenFor,
  uniqueNamespace,
  type RunningService,
} from '#anlao/testing';
import { seedResidents } from './residents-fixture.js';

interface BatchAnswer {
  recorded: number;
  duplicates: number;
  conflicts: number;
  results: { visitId: string; status: string }[];
}

/**
 * Several submissions of the same visits at the same moment (a centre's client
 * retrying on a timeout): the store's unique id decides, so exactly one answer
 * says `recorded` for each visit and the others say what really happened.
 */
describe('concurrent submissions of the same visits', () => {
  const ns = uniqueNamespace();
  let centres: RunningService;
  const admin = bearer(tokenFor({ role: 'city-admin', orgUnit: '2101' }));
  const centre = bearer(tokenFor({ role: 'centre-client', centreId: 'c-race' }));
  // Within the late window (30 days), whatever day the suite runs.
  const recently = new Date(Date.now() - 3 * 3_600_000).toISOString();
  const post = (visits: unknown[]) =>
    request(centres.url).post('/centres/c-race/visits').set(centre).send({ visits });

  beforeAll(async () => {
    centres = await startService(centresService, testConfig('centres', ns, {}, centresService.extraConfig));
    await request(centres.url)
      .put('/centres/c-race')
      .set(admin)
      .send({
        name: 'Race centre',
        kind: 'day-care',
        communityPath: '2101.210102.210102001.210102001001',
        capacity: 20,
      })
      .expect(201);
    await seedResidents(
      ns,
      Array.from({ length: 10 }, (_, i) => `r-${i}`),
      '2101.210102.210102001.210102001001',
    );
  });

  afterAll(async () => {
    await centres?.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('records each of 10 new visits posted 6 times at once exactly once', async () => {
    const visits = Array.from({ length: 10 }, (_, i) => ({
      visitId: `same-${i}`,
      residentId: `r-${i}`,
      activity: 'meal',
      checkInAt: recently,
    }));
    const answers = (await Promise.all(Array.from({ length: 6 }, () => post(visits)))).map((r) => {
      const body = r.body as BatchAnswer;
      // 201 when this submission stored anything, 200 when all of it was already there.
      expect(r.status).toBe(body.recorded > 0 ? 201 : 200);
      return body;
    });
    expect(answers.reduce((n, a) => n + a.recorded, 0)).toBe(10);
    expect(answers.reduce((n, a) => n + a.duplicates, 0)).toBe(50);
    expect(answers.reduce((n, a) => n + a.conflicts, 0)).toBe(0);
    for (const visit of visits) {
      const statuses = answers.map((a) => a.results.find((r) => r.visitId === visit.visitId)?.status);
      expect(statuses.filter((s) => s === 'recorded')).toHaveLength(1);
    }
  });

  it('keeps the first of two different visits sent under one id at once, and says so', async () => {
    const facts = (activity: string) => [
      { visitId: 'contested', residentId: 'r-1', activity, checkInAt: recently },
    ];
    const answers = (await Promise.all([post(facts('meal')), post(facts('recreation'))])).map(
      (r) => r.body as BatchAnswer,
    );
    expect(answers.map((a) => a.results[0]?.status).sort()).toEqual(['conflict', 'recorded']);
    const again = (await post(facts('meal'))).body as BatchAnswer;
    const winner = answers.find((a) => a.results[0]?.status === 'recorded');
    const winnerActivity = winner === answers[0] ? 'meal' : 'recreation';
    expect(again.results[0]?.status).toBe(winnerActivity === 'meal' ? 'duplicate' : 'conflict');
  });
});
