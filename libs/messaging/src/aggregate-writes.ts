import { KeyedQueue } from '#anlao/platform';

/** What identifies an aggregate's collection: a Mongoose model or a driver collection. */
interface CollectionLike {
  collection: { collectionName: string; dbName?: string };
  db?: { name?: string };
}

/**
 * Writes of one aggregate document, one at a time in this process, the outbox
 * relay's clears included. FerretDB 1.24 applies an update by reading the
 * document, changing it and writing it back whole, so two overlapping updates of
 * one document can undo each other: a relay clear racing a state change could
 * silently drop that change after its caller was told it succeeded. MongoDB
 * needs none of this; across processes, each aggregate has one writing service.
 */
export const aggregateWrites = new KeyedQueue();

export function aggregateKey(model: CollectionLike, id: unknown): string {
  const db = model.db?.name ?? model.collection.dbName ?? '';
  return `${db}/${model.collection.collectionName}/${String(id)}`;
}

/** Runs one write of the aggregate `id` of `model` when no other write of it is in flight. */
export function writeAggregate<T>(model: CollectionLike, id: unknown, write: () => Promise<T>): Promise<T> {
  return aggregateWrites.run(aggregateKey(model, id), write);
}
