import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { RevocationList, type ScopedFilter } from '#anlao/auth';
import { pageWindow, utcDay, type PageQuery } from '#anlao/platform';
import { createEvent, type PayloadOf } from '#anlao/events';
import {
  isDuplicateKey,
  MessagingRuntime,
  pushEvents,
  withEvents,
  writeAggregate,
  type OutboxFields,
} from '#anlao/messaging';
import { ApiClient } from './api-client.schema.js';
import { CentreEntry } from './centre-directory.schema.js';
import { Session } from './session.schema.js';
import { StaffAccount } from './staff-account.schema.js';

type Reason = PayloadOf<'credentials.revoked'>['reason'];

/** The gateway's identity store: accounts, clients, sessions, and the revocations they emit. */
@Injectable()
export class CredentialsRepository {
  constructor(
    @InjectModel(StaffAccount.name) readonly staff: Model<StaffAccount & OutboxFields>,
    @InjectModel(ApiClient.name) readonly clients: Model<ApiClient & OutboxFields>,
    @InjectModel(Session.name) private readonly sessions: Model<Session>,
    @InjectModel(CentreEntry.name) private readonly centres: Model<CentreEntry>,
    private readonly revocations: RevocationList,
    private readonly runtime: MessagingRuntime,
  ) {}

  findStaffByUsername(username: string): Promise<StaffAccount | null> {
    return this.staff
      .findOne({ username: username.toLowerCase() }, { pendingEvents: 0 })
      .lean<StaffAccount>()
      .exec();
  }

  findStaff(id: string): Promise<StaffAccount | null> {
    return this.staff.findById(id, { pendingEvents: 0 }).lean<StaffAccount>().exec();
  }

  async createStaff(account: StaffAccount): Promise<boolean> {
    try {
      await this.staff.create({ ...account, ...withEvents([]) });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /** One page of a unit's accounts, by id (admin list: not a hot path). */
  listStaff(scope: ScopedFilter, page: PageQuery): Promise<StaffAccount[]> {
    const { idAfter, limit } = pageWindow(page);
    return this.staff
      .find({ ...scope, ...idAfter }, { pendingEvents: 0, passwordHash: 0 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<StaffAccount[]>()
      .exec();
  }

  async setPassword(id: string, passwordHash: string, mustChangePassword = false): Promise<void> {
    await writeAggregate(this.staff, id, () =>
      this.staff.updateOne({ _id: id }, { $set: { passwordHash, mustChangePassword } }).exec(),
    );
  }

  async setStatus(id: string, status: StaffAccount['status']): Promise<void> {
    await writeAggregate(this.staff, id, () =>
      this.staff.updateOne({ _id: id }, { $set: { status } }).exec(),
    );
  }

  findClient(id: string): Promise<ApiClient | null> {
    return this.clients.findById(id, { pendingEvents: 0 }).lean<ApiClient>().exec();
  }

  async createClient(client: ApiClient): Promise<void> {
    await this.clients.create({ ...client, ...withEvents([]) });
  }

  /** One page of a unit's API clients, by id (admin list: not a hot path). */
  listClients(scope: ScopedFilter, page: PageQuery): Promise<ApiClient[]> {
    const { idAfter, limit } = pageWindow(page);
    return this.clients
      .find({ ...scope, ...idAfter }, { pendingEvents: 0, secretDigest: 0 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<ApiClient[]>()
      .exec();
  }

  /**
   * Raises a subject's credential version (every token issued before stops
   * working) in the same write as its `credentials.revoked` event, and applies it
   * to this process at once. Optimistic: retried if the version moved meanwhile.
   */
  async revoke(
    kind: 'staff' | 'api-client',
    id: string,
    orgUnit: string,
    reason: Reason,
    correlationId: string,
    set: Record<string, unknown> = {},
  ): Promise<number> {
    const model = (kind === 'staff' ? this.staff : this.clients) as unknown as Model<
      { _id: string; credentialVersion: number } & OutboxFields
    >;
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await model
        .findById(id, { credentialVersion: 1 })
        .lean<{ credentialVersion: number }>()
        .exec();
      if (!current) throw new Error(`no ${kind} ${id}`);
      const minVersion = current.credentialVersion + 1;
      const event = createEvent({
        type: 'credentials.revoked',
        source: 'gateway',
        subject: id,
        orgUnit,
        correlationId,
        payload: { subjectId: id, subjectKind: kind, minVersion, reason },
      });
      const outbox = pushEvents([event]);
      const result = await writeAggregate(model, id, () =>
        model
          .updateOne(
            { _id: id, credentialVersion: current.credentialVersion },
            { $set: { ...outbox.$set, ...set, credentialVersion: minVersion }, $push: outbox.$push },
          )
          .exec(),
      );
      if (result.modifiedCount === 1) {
        this.revocations.apply(id, minVersion);
        this.runtime.notifyRelays();
        return minVersion;
      }
    }
    throw new Error(`could not revoke ${kind} ${id}: concurrent changes`);
  }

  async createSession(session: Omit<Session, 'expiresDay'>): Promise<void> {
    await this.sessions.create({ ...session, expiresDay: utcDay(session.expiresAt) });
  }

  /** Marks a refresh token used; `firstUse` is false when it had been used before (a replay). */
  async useSession(id: string, now: Date): Promise<{ session: Session; firstUse: boolean } | null> {
    const session = await this.sessions.findById(id).lean<Session>().exec();
    if (!session) return null;
    const result = await this.sessions.updateOne({ _id: id, usedAt: null }, { $set: { usedAt: now } }).exec();
    return { session, firstUse: result.modifiedCount === 1 };
  }

  /** Idempotent: a redelivered event sets the same fields again. Events of one centre arrive in order. */
  async upsertCentre(
    centreId: string,
    fields: { communityPath: string; status?: 'active' | 'inactive' },
  ): Promise<void> {
    await this.centres.updateOne({ _id: centreId }, { $set: fields }, { upsert: true }).exec();
  }

  /** A centre's clients that can still get tokens (a handful: equality on an indexed field). */
  activeCentreClients(centreId: string): Promise<{ _id: string; orgUnit: string }[]> {
    return this.clients
      .find({ centreId, status: 'active' }, { _id: 1, orgUnit: 1 })
      .lean<{ _id: string; orgUnit: string }[]>()
      .exec();
  }

  findCentre(centreId: string): Promise<CentreEntry | null> {
    return this.centres.findById(centreId).lean<CentreEntry>().exec();
  }

  newId(prefix: string): string {
    return `${prefix}${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  }
}
