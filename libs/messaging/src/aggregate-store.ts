import type { Model } from 'mongoose';
import type { EventEnvelope } from '#anlao/events';
import { writeAggregate } from './aggregate-writes.js';
import { pushEvents, withEvents, type OutboxFields } from './outbox.js';
import { isDuplicateKey } from './store-errors.js';

/**
 * Inserts a new aggregate with its events in the same write (outbox). False when a unique key —
 * its `_id`, derived from the caller's idempotency key or chosen by the caller — is taken: the
 * same request again, or a race another call won; the caller reads and decides.
 */
export async function insertAggregate<T>(
  model: Model<T>,
  doc: Omit<T, keyof OutboxFields>,
  events: EventEnvelope[] = [],
): Promise<boolean> {
  try {
    // The outbox fields are the schema's (addOutbox) whether or not T names them.
    const stored = (events.length > 0 ? { ...doc, ...withEvents(events) } : doc) as T;
    await model.create(stored);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * One conditional write of an aggregate: its new fields and `revision + 1`, its events appended to
 * the outbox and any other `$push` (a contract's next version), if it is still at the `revision`
 * read. False when it changed meanwhile (the caller reads and decides again). Serialised per
 * document with the relay's clears (`writeAggregate`: FerretDB rewrites the whole document).
 */
export async function updateAggregate<T>(
  model: Model<T>,
  id: string,
  revision: number,
  set: Partial<Omit<T, keyof OutboxFields>>,
  events: EventEnvelope[] = [],
  push: Record<string, unknown> = {},
): Promise<boolean> {
  const outbox = pushEvents(events);
  const pushes = { ...(events.length > 0 ? outbox.$push : {}), ...push };
  const change = {
    $set: { ...set, revision: revision + 1, ...(events.length > 0 ? outbox.$set : {}) },
    ...(Object.keys(pushes).length > 0 ? { $push: pushes } : {}),
  };
  return writeAggregate(model, id, async () => {
    const result = await model.updateOne({ _id: id, revision } as never, change as never).exec();
    return result.modifiedCount === 1;
  });
}
