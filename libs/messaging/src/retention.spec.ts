import { Topics } from '#anlao/events';
import { inboxEntry } from './inbox.js';
import { DEFAULT_TOPIC_RETENTION, retentionMsOf, topicRetentionOf, wantedRetention } from './retention.js';

const DAY = 86_400_000;

describe('topic retention', () => {
  it('keeps domain topics for ever and the others for their kind’s days', () => {
    expect(retentionMsOf(Topics.centres, DEFAULT_TOPIC_RETENTION)).toBe(-1);
    expect(retentionMsOf(Topics.residents, DEFAULT_TOPIC_RETENTION)).toBe(-1);
    expect(retentionMsOf(Topics.identity, DEFAULT_TOPIC_RETENTION)).toBe(14 * DAY);
    expect(retentionMsOf(Topics.audit, DEFAULT_TOPIC_RETENTION)).toBe(14 * DAY);
    expect(retentionMsOf(Topics.deadLetters, DEFAULT_TOPIC_RETENTION)).toBe(30 * DAY);
  });

  it('takes every figure from the config, and names each topic with its namespace prefix', () => {
    const retention = topicRetentionOf({
      KAFKA_EVENTS_RETENTION_DAYS: 400,
      KAFKA_IDENTITY_RETENTION_DAYS: 2,
      KAFKA_AUDIT_RETENTION_DAYS: 3,
      KAFKA_DEAD_LETTER_RETENTION_DAYS: 60,
    });
    expect(retention).toEqual({
      events: 400 * DAY,
      identity: 2 * DAY,
      audit: 3 * DAY,
      deadLetters: 60 * DAY,
    });
    expect(wantedRetention([Topics.centres, Topics.deadLetters], 't1.', retention)).toEqual(
      new Map([
        ['t1.anlao.centres.v1', String(400 * DAY)],
        ['t1.anlao.dead-letters.v1', String(60 * DAY)],
      ]),
    );
  });
});

describe('inbox entry', () => {
  it('carries the UTC day it is pruned by', () => {
    expect(inboxEntry('g:e-1', new Date('2026-11-25T23:30:00+08:00'))).toEqual({
      _id: 'g:e-1',
      processedAt: new Date('2026-11-25T15:30:00Z'),
      day: '2026-11-25',
    });
    expect(inboxEntry('g:e-2', new Date('2026-11-26T07:30:00+08:00')).day).toBe('2026-11-25');
  });
});
