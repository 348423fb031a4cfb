import { Inject, Injectable } from '@nestjs/common';
import type { Db } from 'mongodb';
import { orgUnitCovers, type Principal } from '#anlao/auth';
import { CONFIG, DomainError, findByIds, localDay, type ServiceConfig } from '#anlao/platform';
import { ANALYTICS_CONFIG, type AnalyticsConfig } from '../analytics.config.js';
import { Collections } from '../coverage/coverage-step.js';
import { COVERAGE_GROUP } from '../coverage/coverage-projector.js';
import { Generations } from '../generations/generations.js';
import type { ResidentProfile } from '../resident-profiles/resident-profile.js';
import { atRiskElders, type AtRiskElder } from './at-risk.js';
import type { AtRiskQuery } from './at-risk.dto.js';

/** Accessibility's wallet month of an elder: read (by `_id`) for "wallet unused". */
interface WalletMonthView {
  _id: string;
  credit: { basicCareFen: number; livingServicesFen: number } | null;
  debits: unknown[];
}
const WALLET_MONTHS = 'accessibility_wallet_months';
/** The accessibility lane (its consumer group), whose database holds the wallet months. */
const ACCESSIBILITY_LANE = 'analytics.accessibility';
const COMMUNITY_DEPTH = 4;

export interface AtRiskPage {
  community: string;
  days: number;
  today: string;
  total: number;
  items: AtRiskElder[];
  next: string | null;
}

/**
 * The at-risk list of one community, for its staff to follow up: a list of people, so per community
 * (a district drills down through coverage's unreached counts). One indexed equality read of the
 * community's profiles (a few thousand at most) and one `_id` read of their wallet months.
 */
@Injectable()
export class AtRiskUseCase {
  constructor(
    private readonly generations: Generations,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(ANALYTICS_CONFIG) private readonly analytics: AnalyticsConfig,
  ) {}

  async list(principal: Principal, query: AtRiskQuery): Promise<AtRiskPage> {
    const community = query.community;
    if (principal.kind !== 'staff' || !orgUnitCovers(principal.orgUnit, community))
      throw new DomainError('not-found', 'org-unit.not-found', `no org unit ${community} in your scope`);
    if (community.split('.').length !== COMMUNITY_DEPTH)
      throw new DomainError('invalid', 'at-risk.community-required', 'the at-risk list is per community', [
        { field: 'community', message: 'a community path (city.district.street.community)' },
      ]);
    const days = query.days ?? this.analytics.AT_RISK_DAYS;
    const today = localDay(new Date(), this.config.TIME_ZONE);
    // Both lanes' databases of the one active generation read once (ADR 0030).
    const active = await this.generations.active();
    const profiles = await this.generations
      .laneDb(COVERAGE_GROUP, active)
      .collection<ResidentProfile>(Collections.profiles)
      .find({ communityPath: community })
      .toArray();
    const wallets = await this.walletMonths(
      this.generations.laneDb(ACCESSIBILITY_LANE, active),
      profiles.map((p) => p._id),
      today.slice(0, 7),
    );
    const all = atRiskElders(profiles, {
      today,
      window: days,
      walletUnused: (id) => {
        const w = wallets.get(id);
        if (!w?.credit) return null;
        return w.credit.basicCareFen + w.credit.livingServicesFen > 0 && w.debits.length === 0;
      },
    });
    const limit = query.limit ?? 50;
    const start = query.after ? all.findIndex((e) => cursorOf(e) === query.after) + 1 : 0;
    const items = all.slice(start, start + limit);
    const last = items.at(-1);
    return {
      community,
      days,
      today,
      total: all.length,
      items,
      next: last && start + limit < all.length ? cursorOf(last) : null,
    };
  }

  private async walletMonths(db: Db, ids: string[], month: string): Promise<Map<string, WalletMonthView>> {
    if (ids.length === 0) return new Map();
    const found = await findByIds(
      db.collection<WalletMonthView>(WALLET_MONTHS),
      ids.map((id) => `${id}:${month}`),
    );
    return new Map([...found.values()].map((w) => [w._id.slice(0, w._id.lastIndexOf(':')), w]));
  }
}

const cursorOf = (e: AtRiskElder) => `${e.risk}~${e.residentId}`;
