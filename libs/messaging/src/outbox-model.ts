import type { Model } from 'mongoose';

/**
 * Any aggregate model with outbox fields; the relay reads only those. Every type
 * parameter that can vary per model is open: with only the first, whether a model's inferred virtuals
 * (`{ id: string }`) fit depended on which file the compiler checked first.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OutboxModel = Model<any, object, object, any>;
