import {
  appliedOf,
  BASE_GENERATION,
  databaseOf,
  generationNumber,
  generationOfGroup,
  groupIn,
  isGeneration,
  laneOfGroup,
  notBehind,
  progressOf,
  type Committed,
  type PartitionTarget,
} from './generation.js';
import { wantedGenerations } from './generational-consumers.js';
import { initialGenerations } from './generations.js';

const committed = (entries: [string, string, number, number][]): Map<string, Committed> => {
  const out = new Map<string, Committed>();
  for (const [group, topic, partition, offset] of entries) {
    const topics = out.get(group) ?? new Map<string, Map<number, number>>();
    topics.set(topic, (topics.get(topic) ?? new Map<number, number>()).set(partition, offset));
    out.set(group, topics);
  }
  return out;
};

describe('generation names', () => {
  it('keeps g0 what analytics always had: its database and its group ids', () => {
    expect(groupIn('analytics.coverage', BASE_GENERATION)).toBe('analytics.coverage');
    expect(databaseOf('t1-analytics', BASE_GENERATION)).toBe('t1-analytics');
    expect(generationOfGroup('analytics.coverage')).toBe('g0');
    expect(generationOfGroup(undefined)).toBe('g0');
  });

  it('suffixes the groups and the database of a later generation, and reads them back', () => {
    expect(groupIn('analytics.coverage', 'g3')).toBe('analytics.coverage@g3');
    expect(databaseOf('t1-analytics', 'g3')).toBe('t1-analytics_g3');
    expect(generationOfGroup('analytics.coverage@g3')).toBe('g3');
    expect(laneOfGroup('analytics.coverage@g3')).toBe('analytics.coverage');
    expect(laneOfGroup('analytics.coverage')).toBe('analytics.coverage');
    expect(generationNumber('g12')).toBe(12);
  });

  it('refuses what is not a generation', () => {
    for (const bad of ['g', 'g01', 'G1', 'x1', 'g-1', 'g1.5', ''])
      expect([bad, isGeneration(bad)]).toEqual([bad, false]);
    expect(() => generationOfGroup('analytics.coverage@x')).toThrow('names no generation');
    expect(() => generationNumber('gx')).toThrow('not a generation');
  });
});

describe('rebuild progress', () => {
  const targets: PartitionTarget[] = [
    { group: 'analytics.coverage', topic: 'anlao.residents.v1', partition: 0, low: 0, high: 100 },
    { group: 'analytics.coverage', topic: 'anlao.residents.v1', partition: 1, low: 20, high: 60 },
    { group: 'analytics.coverage', topic: 'anlao.centres.v1', partition: 0, low: 0, high: 0 },
    { group: 'analytics.centre-visits', topic: 'anlao.centres.v1', partition: 0, low: 0, high: 0 },
    { group: 'analytics.centre-visits', topic: 'anlao.centres.v1', partition: 1, low: 0, high: 60 },
  ];

  it('counts messages applied against the ends at the start, per lane, from the earliest kept offset', () => {
    const p = progressOf(
      targets,
      committed([
        ['analytics.coverage', 'anlao.residents.v1', 0, 50],
        ['analytics.coverage', 'anlao.residents.v1', 1, 30],
        ['analytics.centre-visits', 'anlao.centres.v1', 1, -1],
      ]),
    );
    expect(p).toEqual({
      total: 200,
      applied: 60,
      percent: 30,
      caughtUp: false,
      lanes: [
        { group: 'analytics.coverage', total: 140, applied: 60 },
        { group: 'analytics.centre-visits', total: 60, applied: 0 },
      ],
    });
  });

  it('is caught up when every partition is read to its end at the start; later messages do not count', () => {
    const p = progressOf(
      targets,
      committed([
        ['analytics.coverage', 'anlao.residents.v1', 0, 130],
        ['analytics.coverage', 'anlao.residents.v1', 1, 60],
        ['analytics.centre-visits', 'anlao.centres.v1', 1, 60],
      ]),
    );
    expect(p).toMatchObject({ total: 200, applied: 200, percent: 100, caughtUp: true });
  });

  it('calls a rebuild of empty topics done, and rounds down (never 100 % before the end)', () => {
    expect(progressOf([], new Map())).toMatchObject({ total: 0, percent: 100, caughtUp: true });
    const one = [{ group: 'g', topic: 't', partition: 0, low: 0, high: 1000 }];
    expect(progressOf(one, committed([['g', 't', 0, 999]])).percent).toBe(99.9);
  });

  it('clamps an offset outside the range kept at the start', () => {
    const target = { group: 'g', topic: 't', partition: 0, low: 20, high: 60 };
    expect(appliedOf(target, undefined)).toBe(0);
    expect(appliedOf(target, -1)).toBe(0);
    expect(appliedOf(target, 10)).toBe(0);
    expect(appliedOf(target, 40)).toBe(20);
    expect(appliedOf(target, 99)).toBe(40);
  });

  it('is not behind live only when every partition live committed is committed by the rebuild too', () => {
    const live = committed([
      ['a', 't', 0, 10],
      ['a', 't', 1, -1],
      ['b', 'u', 0, 5],
    ]);
    expect(
      notBehind(
        committed([
          ['a', 't', 0, 10],
          ['b', 'u', 0, 7],
        ]),
        live,
      ),
    ).toBe(true);
    expect(
      notBehind(
        committed([
          ['a', 't', 0, 9],
          ['b', 'u', 0, 7],
        ]),
        live,
      ),
    ).toBe(false);
    expect(notBehind(committed([['a', 't', 0, 10]]), live)).toBe(false);
  });
});

describe('wanted generations', () => {
  it('runs the active generation, and the one being built beside it; never a retiring one', () => {
    const doc = initialGenerations();
    expect(wantedGenerations(doc)).toEqual(['g0']);
    expect(wantedGenerations({ ...doc, building: 'g1' })).toEqual(['g0', 'g1']);
    expect(wantedGenerations({ ...doc, active: 'g1', retiring: 'g0' })).toEqual(['g1']);
  });
});
