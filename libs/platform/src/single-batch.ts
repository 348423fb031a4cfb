import type { Connection, Query, Schema } from 'mongoose';

/** Upper bound of documents a query without a limit may return in its one batch. */
export const MAX_SINGLE_BATCH = 10_000;

/**
 * Every find is answered in one batch, so the server keeps no cursor open
 * between calls. Why: FerretDB (the local store) holds a database's only SQLite
 * connection for as long as a cursor is open, and a client that dies between
 * batches leaves it open for good — every later write to that database, and
 * index creation for all databases, then waits forever. Queries here are bounded
 * (lists are paged), so one batch is no cost on MongoDB either.
 */
export function singleBatchPlugin(schema: Schema): void {
  schema.pre(['find', 'findOne'], function (this: Query<unknown, unknown>) {
    const options = this.getOptions();
    if (options.batchSize === undefined) {
      // One more than can come back: FerretDB closes the cursor only when a batch ends short.
      this.setOptions({ batchSize: (options.limit ?? MAX_SINGLE_BATCH) + 1 });
    }
  });
}

export function applySingleBatch(connection: Connection): Connection {
  connection.plugin(singleBatchPlugin);
  return connection;
}
