import mongoose from 'mongoose';
import { applySingleBatch } from '#anlao/platform';
import { dropDatabases, MONGO_URL, uniqueNamespace } from '#anlao/testing';
import { DailyCentreVisitsRepository } from '../src/centre-visits/daily-visit-count.repository.js';
import { DailyCentreVisits, DailyCentreVisitsSchema } from '../src/centre-visits/daily-visit-count.schema.js';

/** The folded projection write against the real store: one write per day, each event counted once. */
describe('DailyCentreVisitsRepository.countEachOnce', () => {
  const ns = uniqueNamespace();
  const connection = applySingleBatch(
    mongoose.createConnection(MONGO_URL, { dbName: `${ns.dbPrefix}analytics`, retryWrites: false }),
  );
  const model = connection.model(DailyCentreVisits.name, DailyCentreVisitsSchema);
  const repository = new DailyCentreVisitsRepository(model);
  const key = { centreId: 'c-1', day: '2026-11-25', orgUnit: '2101' };

  beforeAll(() => connection.asPromise());
  afterAll(async () => {
    await connection.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('counts a fresh run in one write, and only the new events of a run partly counted before', async () => {
    expect(await repository.countEachOnce(key, ['e1', 'e2'])).toBe(2);
    // A redelivery after a crash between the projection write and the inbox write: e2 is there already.
    expect(await repository.countEachOnce(key, ['e2', 'e3', 'e4'])).toBe(2);
    expect(await repository.countEachOnce(key, ['e1'])).toBe(0);
    const day = await model.findById('c-1:2026-11-25').lean().exec();
    expect(day).toMatchObject({ visits: 4, centreId: 'c-1', day: '2026-11-25', orgUnit: '2101' });
    expect([...(day?.eventIds ?? [])].sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
  });

  it('subtracts each void once, keeping the voided count apart', async () => {
    const other = { ...key, centreId: 'c-2' };
    expect(await repository.countEachOnce(other, ['r1', 'r2', 'r3'])).toBe(3);
    expect(await repository.countEachOnce(other, ['v1'], 'void')).toBe(1);
    // Redelivered void, alone and within a run: never subtracted twice.
    expect(await repository.countEachOnce(other, ['v1'], 'void')).toBe(0);
    expect(await repository.countEachOnce(other, ['v1', 'v2'], 'void')).toBe(1);
    expect(await model.findById('c-2:2026-11-25').lean().exec()).toMatchObject({ visits: 1, voided: 2 });
    expect(await repository.daily('c-2', '2026-11-25', '2026-11-25')).toEqual([
      { day: '2026-11-25', visits: 1, voided: 2 },
    ]);
  });
});
