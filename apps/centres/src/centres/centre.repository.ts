import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, pushEvents, withEvents, writeAggregate, type OutboxFields } from '#anlao/messaging';
import { subtreeFilter, type ScopedFilter, type Scoped } from '#anlao/auth';
import type { CentreKind, EventEnvelope } from '#anlao/events';
import { Centre, type CentreStatus } from './centre.schema.js';

export type CentreRecord = Centre;

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

/** A centre as the scope helpers see it: its community and its own id. */
export function asScoped<T extends CentreRecord>(centre: T | null): (T & Scoped) | null {
  return centre ? { ...centre, orgUnit: centre.communityPath, centreId: centre._id } : null;
}

/** How centres are scoped: staff by the community's path, a centre client by its own id. */
export const CENTRE_SCOPE = { orgUnit: 'communityPath', centreId: '_id' } as const;

export interface CentreListFilter {
  kind?: CentreKind;
  /** An org-unit path: centres serving it or a unit below it. */
  community?: string;
  status?: CentreStatus;
}

@Injectable()
export class CentreRepository {
  constructor(@InjectModel(Centre.name) readonly model: Model<Centre & OutboxFields>) {}

  async findById(id: string): Promise<CentreRecord | null> {
    return this.model.findById(id, HIDDEN).lean<CentreRecord>().exec();
  }

  /** A page of the centres a caller may see, in id order, narrowed by the filter. */
  async list(
    scope: ScopedFilter,
    filter: CentreListFilter,
    page: { after?: string; limit: number },
  ): Promise<CentreRecord[]> {
    const query: Record<string, unknown> = { ...scope };
    // Under `$and`: the scope may itself be a condition on communityPath.
    if (filter.community) query.$and = [subtreeFilter('communityPath', filter.community)];
    if (filter.kind) query.kind = filter.kind;
    // Centres stored before deactivation existed have no status and are active.
    if (filter.status) query.status = filter.status === 'inactive' ? 'inactive' : { $ne: 'inactive' };
    if (page.after) query._id = { $gt: page.after };
    return this.model.find(query, HIDDEN).sort({ _id: 1 }).limit(page.limit).lean<CentreRecord[]>().exec();
  }

  /** Inserts the centre with its events in one write; false if the id is taken. */
  async insert(centre: CentreRecord, events: EventEnvelope[]): Promise<boolean> {
    try {
      await this.model.create({ ...centre, ...withEvents(events) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * Applies a change, with its events in the same write, if nobody changed the centre since
   * it was read at `revision`; false otherwise (the caller reads again and decides again).
   * Writes of one centre never overlap in this process (`writeAggregate`, shared with the
   * relay's clears): FerretDB applies an update by reading and writing back the whole
   * document, so an overlapping clear could undo the change, and two overlapping updates
   * conditional on one revision could both match. A centre stored before revisions existed
   * has none: revision 0 matches a missing field (`null` matches absent).
   */
  async update(
    id: string,
    revision: number,
    set: Partial<CentreRecord>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    const outbox = pushEvents(events);
    const fields = { ...set, revision: revision + 1 };
    const change =
      events.length > 0 ? { $set: { ...fields, ...outbox.$set }, $push: outbox.$push } : { $set: fields };
    return writeAggregate(this.model, id, async () => {
      const result = await this.model
        .updateOne({ _id: id, revision: revision === 0 ? null : revision }, change)
        .exec();
      return result.modifiedCount === 1;
    });
  }
}
