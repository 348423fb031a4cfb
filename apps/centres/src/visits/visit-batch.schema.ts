import { batchIntentSchema } from '#anlao/messaging';

/** A request's outbox intent: its new visits' events in one document (ADR 0024). */
export const VISIT_BATCH = 'VisitBatch';
export const VisitBatchSchema = batchIntentSchema('visit_batches');
