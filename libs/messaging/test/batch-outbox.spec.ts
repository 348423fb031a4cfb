import mongoose, { Schema } from 'mongoose';
import { createEvent, type EventEnvelope } from '#anlao/events';
import { batchIntentSchema, BatchOutbox, type BatchIntent } from '#anlao/messaging';
import { applySingleBatch } from '#anlao/platform';
import { dropDatabases, MONGO_URL, uniqueNamespace } from '#anlao/testing';

/**
 * The per-request outbox intent against the real store: sealed by the request with exactly the
 * events of the documents it inserted, or — when the request died before sealing — by the
 * recovery, from the documents that carry the intent's id.
 */
describe('BatchOutbox', () => {
  const ns = uniqueNamespace();
  const connection = applySingleBatch(
    mongoose.createConnection(MONGO_URL, { dbName: `${ns.dbPrefix}batches`, retryWrites: false }),
  );
  const Intents = connection.model<BatchIntent>('Intent', batchIntentSchema('intents'));
  const Docs = connection.model('Doc', new Schema({ _id: String, batchId: String }, { versionKey: false }));
  const outbox = new BatchOutbox(Intents, async (id) => {
    const doc = await Docs.findById(id).lean<{ batchId?: string }>().exec();
    return doc?.batchId ?? null;
  });

  const event = (id: string): EventEnvelope =>
    createEvent({
      type: 'centre.registered',
      source: 'test',
      subject: id,
      orgUnit: '2101',
      correlationId: 'batch-outbox-test',
      payload: { centreId: id, kind: 'day-care', communityPath: '2101.1', capacity: 1 },
    });
  const events = new Map<string, EventEnvelope>();
  const eventOf = (id: string) => {
    if (!events.has(id)) events.set(id, event(id));
    return events.get(id) as EventEnvelope;
  };
  const candidates = (ids: string[]) => ids.map((docId) => ({ docId, event: eventOf(docId) }));
  const inserted = (ids: string[]) => ids.map(eventOf);
  /** The intent's pending events, decoded (they are stored serialised). */
  const pending = async (batchId: string) =>
    ((await Intents.findById(batchId).lean<BatchIntent>().exec())?.pendingEvents ?? []).map(
      (e) => JSON.parse(e) as EventEnvelope,
    );
  const pendingIds = async (batchId: string) => (await pending(batchId)).map((e) => e.subject);

  beforeAll(() => connection.asPromise());
  afterAll(async () => {
    await connection.close();
    await dropDatabases(ns.dbPrefix);
  });

  it('keeps an open intent away from the relay, and seals it with the inserted documents only', async () => {
    await outbox.open('b-1', candidates(['a', 'b', 'c']));
    expect(await Intents.findById('b-1').lean<BatchIntent>().exec()).toMatchObject({
      sealed: false,
      hasPendingEvents: false,
    });
    expect(await outbox.isPending('b-1')).toBe(true);
    await outbox.seal('b-1', inserted(['a', 'c']));
    const sealed = await Intents.findById('b-1').lean<BatchIntent>().exec();
    expect(sealed).toMatchObject({ sealed: true, hasPendingEvents: true, candidates: [] });
    expect(await pendingIds('b-1')).toEqual(['a', 'c']);
  });

  it('drops an intent none of whose candidates was inserted (all duplicates)', async () => {
    await outbox.open('b-2', candidates(['x']));
    await outbox.seal('b-2', []);
    expect(await outbox.isPending('b-2')).toBe(false);
  });

  it('recovers an intent whose request died: only documents stored under its id count', async () => {
    await outbox.open('b-3', candidates(['d', 'e', 'f']));
    // The request inserted d and e, then died; f was stored earlier by another request.
    await Docs.insertMany([
      { _id: 'd', batchId: 'b-3' },
      { _id: 'e', batchId: 'b-3' },
      { _id: 'f', batchId: 'b-0' },
    ]);
    expect(await outbox.recoverStale(60_000)).toBe(0); // too young: its request may still be running
    const later = new Date(Date.now() + 61_000);
    expect(await outbox.recoverStale(60_000, later)).toBe(1);
    expect(await pendingIds('b-3')).toEqual(['d', 'e']);
    expect(await outbox.recoverStale(60_000, later)).toBe(0); // sealed: nothing left to recover
  });

  it('sends a slow request’s events in an intent of their own when a recovery sealed its intent first', async () => {
    await outbox.open('b-4', candidates(['g', 'h']));
    await Docs.insertMany([{ _id: 'g', batchId: 'b-4' }]);
    await outbox.recoverStale(0, new Date(Date.now() + 1_000));
    await Docs.insertMany([{ _id: 'h', batchId: 'b-4' }]); // the request was still inserting
    await outbox.seal('b-4', inserted(['g', 'h']));
    expect(await pendingIds('b-4')).toEqual(['g']);
    // Both go out again under their own ids: consumers drop the repeated one by its event id.
    expect(await pendingIds('b-4:late')).toEqual(['g', 'h']);
    const ids = (await pending('b-4:late')).map((e) => e.id);
    expect(ids).toEqual([eventOf('g').id, eventOf('h').id]);
  });
});
