import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKey, updateAggregate, withEvents, type OutboxFields } from '#anlao/messaging';
import type { EventEnvelope } from '#anlao/events';
import { DomainError } from '#anlao/platform';
import { Provider } from './provider.schema.js';

const HIDDEN = { pendingEvents: 0, hasPendingEvents: 0 } as const;

export type InsertOutcome = 'inserted' | 'id-taken' | 'credit-code-taken';

@Injectable()
export class ProviderRepository {
  constructor(@InjectModel(Provider.name) readonly model: Model<Provider & OutboxFields>) {}

  async findById(id: string): Promise<Provider | null> {
    return this.model.findById(id, HIDDEN).lean<Provider>().exec();
  }

  /** A page of providers in id order; `scope` comes from `placedFilter` (never empty). */
  async list(
    scope: Record<string, unknown>,
    filter: { area?: string },
    page: { after?: string; limit: number },
  ): Promise<Provider[]> {
    const and: Record<string, unknown>[] = [scope];
    // Providers working in the area, in a unit inside it or in a unit around it.
    if (filter.area) and.push({ operatingAreas: { $in: ancestorsAndSubtree(filter.area) } });
    if (page.after) and.push({ _id: { $gt: page.after } });
    return this.model
      .find({ $and: and }, HIDDEN)
      .sort({ _id: 1 })
      .limit(page.limit)
      .lean<Provider[]>()
      .exec();
  }

  /** Inserts with its events in one write; says which unique key was taken if it could not. */
  async insert(provider: Provider, events: EventEnvelope[]): Promise<InsertOutcome> {
    try {
      await this.model.create({ ...provider, ...withEvents(events) });
      return 'inserted';
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      return (await this.model.exists({ _id: provider._id })) ? 'id-taken' : 'credit-code-taken';
    }
  }

  /**
   * Applies a change with its events if nobody changed the provider since `revision`; false
   * otherwise (the caller reads and decides again). Serialised per provider with the relay's
   * clears (`writeAggregate`), as centres do: FerretDB rewrites the whole document.
   */
  async update(
    id: string,
    revision: number,
    set: Partial<Provider>,
    events: EventEnvelope[],
  ): Promise<boolean> {
    try {
      return await updateAggregate(this.model, id, revision, set, events);
    } catch (error) {
      // The other unique key: a changed credit code another provider holds.
      if (isDuplicateKey(error)) throw creditCodeTaken();
      throw error;
    }
  }
}

/** An area filter on a list of paths: the area's ancestors by equality, its subtree by prefix. */
function ancestorsAndSubtree(area: string): (string | RegExp)[] {
  const codes = area.split('.');
  const ancestors = codes.slice(0, -1).map((_, i) => codes.slice(0, i + 1).join('.'));
  return [...ancestors, new RegExp(`^${area.replace(/\./g, '\\.')}(\\.|$)`)];
}

export function creditCodeTaken(): DomainError {
  return new DomainError(
    'conflict',
    'provider.credit-code-taken',
    'another provider is registered with this unified social credit code',
  );
}
