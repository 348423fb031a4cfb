import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { subtreeFilter, type ScopedFilter } from '#anlao/auth';
import type { EventEnvelope } from '#anlao/events';
import {
  duplicateKeyIndexes,
  isDuplicateKey,
  pushEvents,
  withEvents,
  writeAggregate,
  type OutboxFields,
} from '#anlao/messaging';
import { chunksOf, inParallel } from '#anlao/platform';
import { Resident } from './resident.schema.js';
import { ORG_LEVELS } from '../org-units/org-unit.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;
/** Look-ups in flight at once: well under the store's connection pool. */
const LOOKUP_CONCURRENCY = 8;

/** Who holds a number already: enough to decide whether the caller may be told the id. */
export interface ExistingResident {
  id: string;
  communityPath: string;
}

export interface ResidentListFilter {
  communityPath?: string;
  livingArrangement?: string;
  familyStatus?: string;
  economicStatus?: string;
  category?: string;
  /** Inclusive birth-date bounds (an age band turned into dates). */
  bornOnOrAfter?: string;
  bornOnOrBefore?: string;
  status?: 'active' | 'deceased';
}

@Injectable()
export class ResidentRepository {
  constructor(@InjectModel(Resident.name) readonly model: Model<Resident & OutboxFields>) {}

  findById(id: string): Promise<Resident | null> {
    return this.model.findById(id, HIDDEN).lean<Resident>().exec();
  }

  findByHash(hash: string): Promise<Resident | null> {
    return this.model.findOne({ nationalIdHash: hash }, HIDDEN).lean<Resident>().exec();
  }

  /** Inserts a new resident with its events; who holds the number when it is registered already. */
  async insert(
    resident: Resident,
    events: EventEnvelope[],
  ): Promise<{ inserted: true } | { inserted: false; existing: ExistingResident }> {
    try {
      await this.model.create({ ...resident, ...withEvents(events) });
      return { inserted: true };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.findByHash(resident.nationalIdHash);
      if (!existing) throw error;
      return { inserted: false, existing: { id: existing._id, communityPath: existing.communityPath } };
    }
  }

  /**
   * Holders of the given numbers: one equality look-up on the unique
   * `nationalIdHash` index each (a `$in` is a full scan on FerretDB).
   */
  private async holders(hashes: string[]): Promise<Map<string, ExistingResident>> {
    const found = await inParallel(hashes, LOOKUP_CONCURRENCY, (hash) =>
      this.model
        .findOne({ nationalIdHash: hash }, { communityPath: 1 })
        .lean<{ _id: string; communityPath: string }>()
        .exec(),
    );
    return new Map(
      hashes.flatMap((hash, i) => {
        const r = found[i];
        return r ? [[hash, { id: r._id, communityPath: r.communityPath }] as const] : [];
      }),
    );
  }

  /**
   * Inserts many new residents; returns, by hash, who held the numbers that were
   * taken already (by earlier imports or by a concurrent one). The unique index
   * decides, not a read before the write; only refused rows are looked up.
   */
  async insertMany(
    residents: { resident: Resident; events: EventEnvelope[] }[],
  ): Promise<Map<string, ExistingResident>> {
    const refused: string[] = [];
    for (const chunk of chunksOf(residents, 200)) {
      try {
        await this.model.insertMany(
          chunk.map((r) => ({ ...r.resident, ...withEvents(r.events) })),
          { ordered: false, lean: true },
        );
      } catch (error) {
        const duplicates = duplicateKeyIndexes(error);
        if (!duplicates) throw error;
        for (const i of duplicates) {
          const hash = chunk[i]?.resident.nationalIdHash;
          if (hash) refused.push(hash);
        }
      }
    }
    return this.holders(refused);
  }

  /**
   * Applies a change if nobody changed the resident since it was read; false otherwise.
   * Writes of one resident never overlap in this process (`writeAggregate`, which the
   * outbox relay's clears share): FerretDB 1.24
   * applies an update by reading, changing and writing back the document, so two
   * overlapping `updateOne({_id, version})` could both match (ADR 0010); one after the
   * other, the second sees the new version. MongoDB decides it atomically on its own.
   */
  update(id: string, version: number, set: Partial<Resident>, events: EventEnvelope[]): Promise<boolean> {
    const outbox = pushEvents(events);
    const change =
      events.length > 0
        ? { $set: { ...set, ...outbox.$set, version: version + 1 }, $push: outbox.$push }
        : { $set: { ...set, version: version + 1 } };
    return writeAggregate(this.model, id, async () => {
      const result = await this.model.updateOne({ _id: id, version }, change).exec();
      return result.modifiedCount === 1;
    });
  }

  list(
    scope: ScopedFilter,
    filter: ResidentListFilter,
    page: { after?: string; limit: number },
  ): Promise<Resident[]> {
    const query: Record<string, unknown> = { ...scope };
    if (filter.communityPath) {
      // A community is a leaf: equality, which the store serves from the communityPath index; a
      // larger unit needs the prefix match, which scans (FerretDB pushes no regex down).
      const leaf = filter.communityPath.split('.').length === ORG_LEVELS.length;
      query.$and = [
        leaf ? { communityPath: filter.communityPath } : subtreeFilter('communityPath', filter.communityPath),
      ];
    }
    for (const key of ['livingArrangement', 'familyStatus', 'economicStatus', 'status'] as const) {
      if (filter[key]) query[key] = filter[key];
    }
    if (filter.category) query['eligibility.categories'] = filter.category;
    if (filter.bornOnOrAfter || filter.bornOnOrBefore) {
      query.birthDate = {
        ...(filter.bornOnOrAfter ? { $gte: filter.bornOnOrAfter } : {}),
        ...(filter.bornOnOrBefore ? { $lte: filter.bornOnOrBefore } : {}),
      };
    }
    if (page.after) query._id = { $gt: page.after };
    return this.model.find(query, HIDDEN).sort({ _id: 1 }).limit(page.limit).lean<Resident[]>().exec();
  }

  /** Residents with a birthday on a month-day (the daily job), in pages; served by the `birthMonthDay` equality. */
  withBirthday(monthDay: string, after: string | undefined, limit: number): Promise<Resident[]> {
    return this.model
      .find({ birthMonthDay: monthDay, status: 'active', ...(after ? { _id: { $gt: after } } : {}) }, HIDDEN)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Resident[]>()
      .exec();
  }

  /** Every active resident, in pages (a rule set taking effect). */
  allActive(after: string | undefined, limit: number): Promise<Resident[]> {
    return this.model
      .find({ status: 'active', ...(after ? { _id: { $gt: after } } : {}) }, HIDDEN)
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Resident[]>()
      .exec();
  }

  /** Residents eligible since on or before a day, in pages (the monthly credit run). */
  eligibleSince(day: string, after: string | undefined, limit: number): Promise<Resident[]> {
    return this.model
      .find(
        {
          status: 'active',
          'eligibility.eligibleSince': { $ne: null, $lte: day },
          ...(after ? { _id: { $gt: after } } : {}),
        },
        HIDDEN,
      )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Resident[]>()
      .exec();
  }

  /**
   * How many residents a job will go through, counted once when it starts (its
   * progress total): the same filters as the pages above. Not for a hot path.
   */
  countEligibleSince(day: string): Promise<number> {
    return this.model
      .countDocuments({ status: 'active', 'eligibility.eligibleSince': { $ne: null, $lte: day } })
      .exec();
  }

  countActive(): Promise<number> {
    return this.model.countDocuments({ status: 'active' }).exec();
  }

  countWithBirthday(monthDay: string): Promise<number> {
    return this.model.countDocuments({ birthMonthDay: monthDay, status: 'active' }).exec();
  }
}
