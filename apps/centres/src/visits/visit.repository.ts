import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { EventEnvelope, VisitActivity, VisitVoidReason } from '#anlao/events';
import { duplicateKeyIndexes, pushEvents, writeAggregate, type OutboxFields } from '#anlao/messaging';
import { inParallel } from '#anlao/platform';
import { Visit } from './visit.schema.js';

export type VisitWrite = Visit & OutboxFields;

export interface StoredStay {
  residentId: string;
  checkInAt: Date;
  checkOutAt: Date | null;
  voidedAt?: Date | null;
  batchId?: string | null;
}

export interface StoredVisitFacts {
  _id: string;
  visitId: string;
  residentId: string;
  activity: VisitActivity;
  checkInAt: Date;
  checkOutAt: Date | null;
  voidedAt: Date | null;
  voidReason: VisitVoidReason | null;
  voidedBy: string | null;
  batchId?: string | null;
}

/** Look-ups in flight at once: well under the store's connection pool. */
const LOOKUP_CONCURRENCY = 8;

@Injectable()
export class VisitRepository {
  constructor(@InjectModel(Visit.name) readonly model: Model<VisitWrite>) {}

  /**
   * Inserts every visit, each with its event in the same document, and lets the
   * unique `_id` decide: of several concurrent submissions of one visit exactly
   * one is inserted. Returns the ids that already existed (a resubmission, a
   * concurrent twin, or a reused id). No pre-check: a read before the insert
   * cannot see a twin that is being inserted at the same moment.
   */
  async insertNew(visits: VisitWrite[]): Promise<Set<string>> {
    if (visits.length === 0) return new Set();
    try {
      await this.model.insertMany(visits, { ordered: false, lean: true });
      return new Set();
    } catch (error) {
      const rejected = duplicateKeyIndexes(error);
      if (!rejected) throw error;
      return new Set([...rejected].flatMap((i) => (visits[i] ? [visits[i]._id] : [])));
    }
  }

  /** The stored stay of a visit, or null. */
  async findStay(id: string): Promise<StoredStay | null> {
    return this.model
      .findById(id, { residentId: 1, checkInAt: 1, checkOutAt: 1, voidedAt: 1, batchId: 1 })
      .lean<StoredStay>()
      .exec();
  }

  /**
   * Closes an open visit with its `visit.checked-out` event in the same write. The
   * filter on `checkOutAt: null` lets only one close win; false if it was closed meanwhile.
   */
  async close(id: string, checkOutAt: Date, event: EventEnvelope): Promise<boolean> {
    const push = pushEvents([event]);
    // Never overlapping the relay's clear of this visit's earlier event (`writeAggregate`, ADR 0018).
    const result = await writeAggregate(this.model, id, () =>
      this.model
        .updateOne({ _id: id, checkOutAt: null }, { $push: push.$push, $set: { ...push.$set, checkOutAt } })
        .exec(),
    );
    return result.modifiedCount === 1;
  }

  /** What a void needs to know of a stored visit, or null. */
  async findForVoid(id: string): Promise<StoredVisitFacts | null> {
    return this.model
      .findById(id, {
        visitId: 1,
        residentId: 1,
        activity: 1,
        checkInAt: 1,
        checkOutAt: 1,
        voidedAt: 1,
        voidReason: 1,
        voidedBy: 1,
        batchId: 1,
      })
      .lean<StoredVisitFacts>()
      .exec();
  }

  /**
   * Marks a visit void with its `visit.voided` event in the same write. Filtered on `voidedAt: null`
   * and serialised per visit with the relay's clears (`writeAggregate`): of two voids one wins.
   */
  async markVoided(
    id: string,
    fields: { voidedAt: Date; voidReason: VisitVoidReason; voidNote: string | null; voidedBy: string },
    event: EventEnvelope,
  ): Promise<boolean> {
    const push = pushEvents([event]);
    const result = await writeAggregate(this.model, id, () =>
      this.model
        .updateOne({ _id: id, voidedAt: null }, { $push: push.$push, $set: { ...push.$set, ...fields } })
        .exec(),
    );
    return result.modifiedCount === 1;
  }

  /** Fingerprints of the given visit documents that exist: one `_id` look-up each (a `$in` scans on FerretDB). */
  async fingerprints(ids: string[]): Promise<Map<string, string>> {
    const docs = await inParallel(ids, LOOKUP_CONCURRENCY, (id) =>
      this.model.findById(id, { fingerprint: 1 }).lean<{ _id: string; fingerprint: string }>().exec(),
    );
    return new Map(docs.flatMap((d) => (d ? [[d._id, d.fingerprint] as const] : [])));
  }
}
