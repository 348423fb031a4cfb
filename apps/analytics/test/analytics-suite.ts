import { MongoClient, type Db } from 'mongodb';
import type { Test } from 'supertest';
import type { EventEnvelope } from '#anlao/events';
import { startService, testConfig, testProducer, type RunningService } from '#anlao/testing';
import { dropDatabases, MONGO_URL, uniqueNamespace } from '#anlao/testing';
import { analyticsService } from '../src/analytics.module.js';
import { AnalyticsConfigSchema } from '../src/analytics.config.js';

/** Analytics as one test file runs it: in the file's own namespace (topics and databases). */
export interface AnalyticsSuite {
  readonly ns: { topicPrefix: string; dbPrefix: string };
  /** The running service; read inside tests (it starts in `beforeAll`). */
  readonly service: RunningService;
  readonly url: string;
  readonly client: MongoClient;
  /** The analytics database of generation g0, where the lanes write unless rebuilt. */
  db(): Db;
  /** Publishes events as their producers would, with a producer of its own. */
  publish(events: EventEnvelope[]): Promise<void>;
}

/**
 * Starts analytics (with `settings` over the test defaults) and a store client before the file's
 * tests, and stops both and drops the file's databases after them. `producerId` names the test's
 * Kafka client.
 */
export function analyticsSuite(settings: Record<string, string>, producerId: string): AnalyticsSuite {
  const ns = uniqueNamespace();
  let service: RunningService | undefined;
  let client: MongoClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('analytics is started in beforeAll: read it inside a test');
    return value;
  };

  beforeAll(async () => {
    service = await startService(
      analyticsService,
      testConfig('analytics', ns, settings, AnalyticsConfigSchema),
    );
    client = await MongoClient.connect(MONGO_URL);
  });

  afterAll(async () => {
    await service?.close();
    await client?.close();
    await dropDatabases(ns.dbPrefix);
  });

  return {
    ns,
    get service() {
      return started(service);
    },
    get url() {
      return started(service).url;
    },
    get client() {
      return started(client);
    },
    db: () => started(client).db(`${ns.dbPrefix}analytics`),
    publish: async (events) => {
      const producer = await testProducer(ns, producerId);
      try {
        await producer.publish(events);
      } finally {
        await producer.disconnect();
      }
    },
  };
}

/** Reads a binary body (an Excel export) whole: supertest buffers and parses text bodies only. */
export const readBinary = (test: Test): Test =>
  test.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
