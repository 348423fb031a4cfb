import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { inParallel } from '#anlao/platform';
import { CardDigestCopyDoc, ResidentCopyDoc } from './resident-copy.schema.js';
import type { DigestClaim, ResidentCopy } from './resident-copy.js';

/** Look-ups in flight at once: well under the store's connection pool. */
const LOOKUP_CONCURRENCY = 8;

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

  /** Replaces the copy (one writer per resident: its events share a partition and one consumer). */
  async save(copy: ResidentCopy, claims: DigestClaim[]): Promise<void> {
    // Claims first: a swipe that finds a claim but not yet the card reads as unknown, never wrong.
    for (const claim of claims) {
      await this.digests
        .updateOne(
          { _id: claim.digest },
          { $set: { cardId: claim.cardId, residentId: copy._id } },
          { upsert: true },
        )
        .exec();
    }
    const { _id, ...fields } = copy;
    await this.residents.replaceOne({ _id }, fields, { upsert: true }).exec();
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
