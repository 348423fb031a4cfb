import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { OutboxFields } from '#anlao/messaging';
import { Visit } from './visit.schema.js';

export type VisitWrite = Visit & OutboxFields;

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
      const rejected = duplicateIndexes(error);
      if (!rejected) throw error;
      return new Set([...rejected].flatMap((i) => (visits[i] ? [visits[i]._id] : [])));
    }
  }

  /** Fingerprints of the given visit documents that exist: one `_id` look-up each (a `$in` scans on FerretDB). */
  async fingerprints(ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < ids.length; i += LOOKUP_CONCURRENCY) {
      const docs = await Promise.all(
        ids
          .slice(i, i + LOOKUP_CONCURRENCY)
          .map((id) =>
            this.model.findById(id, { fingerprint: 1 }).lean<{ _id: string; fingerprint: string }>().exec(),
          ),
      );
      for (const doc of docs) if (doc) found.set(doc._id, doc.fingerprint);
    }
    return found;
  }
}

/** Look-ups in flight at once: well under the store's connection pool. */
const LOOKUP_CONCURRENCY = 8;

interface WriteErrorLike {
  index?: number;
  code?: number;
  err?: { index?: number; code?: number };
}

/**
 * The positions an unordered insert refused as duplicate keys, or null when
 * anything else failed (then the whole call fails and the centre retries).
 */
export function duplicateIndexes(error: unknown): Set<number> | null {
  const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as (WriteErrorLike | undefined)[];
  const out = new Set<number>();
  for (const w of list) {
    const code = w?.code ?? w?.err?.code;
    const index = w?.index ?? w?.err?.index;
    if (code !== 11000 || typeof index !== 'number') return null;
    out.add(index);
  }
  return out.size > 0 ? out : null;
}
