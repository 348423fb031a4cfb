import { MongoClient } from 'mongodb';
import { dropDatabases, MONGO_URL, uniqueNamespace } from '#anlao/testing';
import { DailyCentreVisitsRepository } from '../src/centre-visits/daily-visit-count.repository.js';
import { DAILY_CENTRE_VISITS } from '../src/centre-visits/daily-visit-count.schema.js';

/** The folded projection write against the real store: one write per day, each event counted once. */
describe('DailyCentreVisitsRepository.countEachOnce', () => {
  const ns = uniqueNamespace();
  let client: MongoClient;
  const repository = new DailyCentreVisitsRepository();
  const key = { centreId: 'c-1', day: '2026-11-25', orgUnit: '2101' };
  const db = () => client.db(`${ns.dbPrefix}analytics`);
  const day = (id: string) =>
    db().collection<{ _id: string; eventIds: string[] }>(DAILY_CENTRE_VISITS).findOne({ _id: id });

  beforeAll(async () => {
    client = await MongoClient.connect(MONGO_URL, { retryWrites: false });
  });
  afterAll(async () => {
    await client.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('counts a fresh run in one write, and only the new events of a run partly counted before', async () => {
    expect(await repository.countEachOnce(db(), key, ['e1', 'e2'])).toBe(2);
    // A redelivery after a crash between the projection write and the inbox write: e2 is there already.
    expect(await repository.countEachOnce(db(), key, ['e2', 'e3', 'e4'])).toBe(2);
    expect(await repository.countEachOnce(db(), key, ['e1'])).toBe(0);
    const found = await day('c-1:2026-11-25');
    // A day first seen by a recording starts with no voids.
    expect(found).toMatchObject({
      visits: 4,
      voided: 0,
      centreId: 'c-1',
      day: '2026-11-25',
      orgUnit: '2101',
    });
    expect([...(found?.eventIds ?? [])].sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('subtracts each void once, keeping the voided count apart', async () => {
    const other = { ...key, centreId: 'c-2' };
    expect(await repository.countEachOnce(db(), other, ['r1', 'r2', 'r3'])).toBe(3);
    expect(await repository.countEachOnce(db(), other, ['v1'], 'void')).toBe(1);
    // Redelivered void, alone and within a run: never subtracted twice.
    expect(await repository.countEachOnce(db(), other, ['v1'], 'void')).toBe(0);
    expect(await repository.countEachOnce(db(), other, ['v1', 'v2'], 'void')).toBe(1);
    expect(await day('c-2:2026-11-25')).toMatchObject({ visits: 1, voided: 2 });
    expect(await repository.daily(db(), 'c-2', '2026-11-25', '2026-11-25')).toEqual([
      { day: '2026-11-25', visits: 1, voided: 2 },
    ]);
  });
});
