import { createEvent } from '#anlao/events';
import { RunBuffer, type Run, type RunItem } from './consumer-runs.js';

const item = (
  type: 'resident.registered' | 'eligibility.assessed' | 'visit.recorded',
  offset: number,
): RunItem => {
  const base = { source: 's', subject: 'r-1', orgUnit: '2101', correlationId: 'c' };
  const event =
    type === 'visit.recorded'
      ? createEvent({
          ...base,
          type,
          payload: {
            visitId: 'v',
            centreId: 'c',
            residentId: 'r-1',
            activity: 'meal',
            checkInAt: '2026-11-01T01:00:00.000Z',
            checkOutAt: null,
          },
        })
      : type === 'resident.registered'
        ? createEvent({
            ...base,
            type,
            payload: {
              residentId: 'r-1',
              communityPath: '2101',
              sex: 'female',
              birthYearMonth: '1940-01',
              hukou: 'urban',
              livingArrangement: 'alone',
              familyStatus: 'ordinary',
              economicStatus: 'ordinary',
              selfCare: 'independent',
            },
          })
        : createEvent({
            ...base,
            type,
            payload: {
              residentId: 'r-1',
              communityPath: '2101',
              categories: [],
              previousCategories: [],
              ruleSetVersion: '1',
              assessedOn: '2026-11-01',
              trigger: 'registered',
            },
          });
  return {
    message: { offset: String(offset) } as RunItem['message'],
    event,
    where: { topic: 't', partition: 0, offset: String(offset) },
    apply: true,
  };
};

describe('consumer runs', () => {
  const gather = async (runName?: (type: string) => string) => {
    const runs: Run[] = [];
    const buffer = new RunBuffer((run) => {
      runs.push(run);
      return Promise.resolve(true);
    }, runName);
    for (const [i, type] of (
      ['resident.registered', 'eligibility.assessed', 'resident.registered', 'visit.recorded'] as const
    ).entries())
      await buffer.add(item(type, i));
    await buffer.flush();
    return runs.map((r) => r.items.map((i) => i.event.type));
  };

  it('cuts a run at every change of type by default', async () => {
    expect(await gather()).toEqual([
      ['resident.registered'],
      ['eligibility.assessed'],
      ['resident.registered'],
      ['visit.recorded'],
    ]);
  });

  it('keeps alternating types of one run name together, in order', async () => {
    const names = (type: string) => (type === 'visit.recorded' ? type : 'residents');
    expect(await gather(names)).toEqual([
      ['resident.registered', 'eligibility.assessed', 'resident.registered'],
      ['visit.recorded'],
    ]);
  });
});
