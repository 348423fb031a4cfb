import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { chunksOf, inParallel } from '#anlao/platform';
import { CardDigestCopyDoc, ResidentCopyDoc } from './resident-copy.schema.js';
import type { ResidentClaim, ResidentCopy } from './resident-copy.js';

/** Look-ups in flight at once: well under the store's connection pool. */
const LOOKUP_CONCURRENCY = 8;
/** Writes per bulk: the store holds a pooled connection per statement of a bulk. */
const WRITE_BULK = 24;

/** `_id`: the keyed digest of a card number (ADR 0021). */
export interface CardDigestCopy {
  _id: string;
  cardId: string;
  residentId: string;
}

/** The residents read model: `_id` reads and writes only (ADR 0013). */
@Injectable()
export class ResidentCopyRepository {
  constructor(
    @InjectModel(ResidentCopyDoc.name) private readonly residents: Model<ResidentCopyDoc>,
    @InjectModel(CardDigestCopyDoc.name) private readonly digests: Model<CardDigestCopyDoc>,
  ) {}

  async find(residentId: string): Promise<ResidentCopy | null> {
    return this.residents.findById(residentId, { updatedAt: 0 }).lean<ResidentCopy>().exec();
  }

  /**
   * Writes a run's copies, a bulk of `WRITE_BULK` at a time (claims first: a swipe that finds a claim but not yet the card reads as unknown, never wrong): one
   * write per resident per run, however many of its events the run held.
   */
  async saveMany(copies: ResidentCopy[], claims: ResidentClaim[]): Promise<void> {
    for (const chunk of chunksOf(claims, WRITE_BULK))
      await this.digests.bulkWrite(
        chunk.map((c) => ({
          updateOne: {
            filter: { _id: c.digest },
            update: { $set: { cardId: c.cardId, residentId: c.residentId } },
            upsert: true,
          },
        })),
        { ordered: true },
      );
    for (const chunk of chunksOf(copies, WRITE_BULK))
      await this.residents.bulkWrite(
        chunk.map((copy) => ({
          replaceOne: { filter: { _id: copy._id }, replacement: copy, upsert: true },
        })),
        // Ordered: the store runs an ordered bulk's statements one after another on one pooled
        // connection at a time; an unordered one may hold a connection per statement.
        { ordered: true },
      );
  }

  async findMany(residentIds: string[]): Promise<Map<string, ResidentCopy>> {
    const found = await inParallel(residentIds, LOOKUP_CONCURRENCY, (id) => this.find(id));
    return new Map(found.flatMap((c) => (c ? [[c._id, c] as const] : [])));
  }

  /** By card-number digest (never the number itself: no copy stores one). */
  async findDigests(digests: string[]): Promise<Map<string, CardDigestCopy>> {
    const found = await inParallel(digests, LOOKUP_CONCURRENCY, (d) =>
      this.digests.findById(d).lean<CardDigestCopy>().exec(),
    );
    return new Map(found.flatMap((c) => (c ? [[c._id, c] as const] : [])));
  }
}
