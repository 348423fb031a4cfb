import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { subtreeFilter, type ScopedFilter } from '#anlao/auth';
import type { EventEnvelope } from '#anlao/events';
import { isDuplicateKey, pushEvents, withEvents, type OutboxFields } from '#anlao/messaging';
import { Resident } from './resident.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

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

  /** Holders of the given numbers (by hash), served by the unique index on `nationalIdHash`. */
  private async holders(hashes: string[]): Promise<Map<string, ExistingResident>> {
    if (hashes.length === 0) return new Map();
    const found = await this.model
      .find({ nationalIdHash: { $in: hashes } }, { nationalIdHash: 1, communityPath: 1 })
      .lean<{ _id: string; nationalIdHash: string; communityPath: string }[]>()
      .exec();
    return new Map(found.map((r) => [r.nationalIdHash, { id: r._id, communityPath: r.communityPath }]));
  }

  /**
   * Inserts many new residents; returns, by hash, who held the numbers that were taken
   * already (by earlier imports or by races).
   */
  async insertMany(
    residents: { resident: Resident; events: EventEnvelope[] }[],
  ): Promise<Map<string, ExistingResident>> {
    const taken = await this.holders(residents.map((r) => r.resident.nationalIdHash));
    const raced: string[] = [];
    const fresh = residents.filter((r) => !taken.has(r.resident.nationalIdHash));
    for (let i = 0; i < fresh.length; i += 200) {
      const chunk = fresh.slice(i, i + 200);
      try {
        await this.model.insertMany(
          chunk.map((r) => ({ ...r.resident, ...withEvents(r.events) })),
          { ordered: false, lean: true },
        );
      } catch (error) {
        const writeErrors = (
          error as {
            writeErrors?: { code?: number; err?: { code?: number; op?: { nationalIdHash?: string } } }[];
          }
        ).writeErrors;
        if (!Array.isArray(writeErrors) || !writeErrors.every((w) => (w.code ?? w.err?.code) === 11000))
          throw error;
        for (const w of writeErrors) if (w.err?.op?.nationalIdHash) raced.push(w.err.op.nationalIdHash);
      }
    }
    for (const [hash, holder] of await this.holders(raced)) taken.set(hash, holder);
    return taken;
  }

  /** Applies a change if nobody changed the resident since it was read; false otherwise. */
  async update(
    id: string,
    version: number,
    set: Partial<Resident>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const outbox = pushEvents(events);
    const result = await this.model
      .updateOne(
        { _id: id, version },
        events.length > 0
          ? { $set: { ...set, ...outbox.$set, version: version + 1 }, $push: outbox.$push }
          : { $set: { ...set, version: version + 1 } },
      )
      .exec();
    return result.modifiedCount === 1;
  }

  list(
    scope: ScopedFilter,
    filter: ResidentListFilter,
    page: { after?: string; limit: number },
  ): Promise<Resident[]> {
    const query: Record<string, unknown> = { ...scope };
    if (filter.communityPath) {
      query.$and = [subtreeFilter('communityPath', filter.communityPath)];
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

  /** Residents with a birthday on a month-day (the daily job), in pages. */
  withBirthday(monthDays: string[], after: string | undefined, limit: number): Promise<Resident[]> {
    return this.model
      .find(
        { birthMonthDay: { $in: monthDays }, status: 'active', ...(after ? { _id: { $gt: after } } : {}) },
        HIDDEN,
      )
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
}
