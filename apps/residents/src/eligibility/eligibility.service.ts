import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createEvent, type EventEnvelope, type PayloadOf } from '#anlao/events';
import { isDuplicateKey, withEvents } from '#anlao/messaging';
import { DomainError } from '#anlao/platform';
import type { EligibilityState, Resident } from '../residents/resident.schema.js';
import {
  activeRuleSet,
  assessEligibility,
  defaultRuleSet,
  RuleSetSchema,
  type RuleSet,
} from './eligibility-rules.js';
import { StoredRuleSet } from './rule-set.schema.js';

export type AssessmentTrigger = 'registered' | 'changed' | 'age' | 'rule-set';

/** Until the city publishes its own, the brief's Taiyuan defaults apply. */
export const FALLBACK_RULE_SET = defaultRuleSet('1900-01-01');

/** Who publishes a rule set: a city-level account; its unit places the event. */
export interface Publisher {
  subject: string;
  orgUnit: string;
  correlationId: string;
}

/** The event's view of a rule set: codes and amounts, never the free-text descriptions. */
export function ruleSetPublishedPayload(ruleSet: RuleSet): PayloadOf<'eligibility.rule-set.published'> {
  return {
    version: ruleSet.version,
    effectiveFrom: ruleSet.effectiveFrom,
    unusedBalance: ruleSet.unusedBalance,
    categories: ruleSet.categories.map((c) => ({
      code: c.code,
      basicCareFen: c.monthlyCreditFen['basic-care'],
      livingServicesFen: c.monthlyCreditFen['living-services'],
      freeExperienceServices: c.freeExperienceServices,
    })),
  };
}

@Injectable()
export class EligibilityService {
  constructor(@InjectModel(StoredRuleSet.name) private readonly ruleSets: Model<StoredRuleSet>) {}

  async all(): Promise<RuleSet[]> {
    const stored = await this.ruleSets
      .find({}, { rules: 1, effectiveFrom: 1 })
      .sort({ effectiveFrom: 1 })
      .lean<StoredRuleSet[]>()
      .exec();
    return stored.map((s) => RuleSetSchema.parse(s.rules));
  }

  async activeOn(date: string): Promise<RuleSet> {
    return activeRuleSet(await this.all(), date) ?? FALLBACK_RULE_SET;
  }

  /**
   * Publishes a rule set with its `eligibility.rule-set.published` event in one insert
   * (outbox). Published sets are never edited: a change is a new version; publishing the
   * very same set again stores and emits nothing.
   */
  async publish(raw: unknown, by: Publisher, today: string): Promise<RuleSet> {
    const parsed = RuleSetSchema.safeParse(raw);
    if (!parsed.success) {
      throw new DomainError(
        'invalid',
        'rule-set.invalid',
        'the rule set is not valid',
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    const ruleSet = parsed.data;
    if (ruleSet.effectiveFrom < today) {
      throw new DomainError('invalid', 'rule-set.in-the-past', 'a rule set takes effect today or later', [
        { field: 'effectiveFrom', message: 'today or later' },
      ]);
    }
    if (await this.samePublished(ruleSet)) return ruleSet;
    const event = createEvent({
      type: 'eligibility.rule-set.published',
      source: 'residents',
      subject: ruleSet.version,
      orgUnit: by.orgUnit,
      correlationId: by.correlationId,
      payload: ruleSetPublishedPayload(ruleSet),
    });
    try {
      await this.ruleSets.create({
        _id: ruleSet.version,
        effectiveFrom: ruleSet.effectiveFrom,
        rules: ruleSet,
        publishedBy: by.subject,
        ...withEvents([event]),
      });
    } catch (error) {
      // The same version published at the same moment by someone else: the store decided.
      if (!isDuplicateKey(error) || !(await this.samePublished(ruleSet))) throw error;
    }
    return ruleSet;
  }

  /** True when this very set is published already; a conflict when its version holds another. */
  private async samePublished(ruleSet: RuleSet): Promise<boolean> {
    const existing = await this.ruleSets
      .findById(ruleSet.version, { rules: 1 })
      .lean<Pick<StoredRuleSet, 'rules'>>()
      .exec();
    if (!existing) return false;
    if (JSON.stringify(RuleSetSchema.parse(existing.rules)) === JSON.stringify(ruleSet)) return true;
    throw new DomainError(
      'conflict',
      'rule-set.version-taken',
      `version ${ruleSet.version} is already published`,
    );
  }

  async takesEffectOn(date: string): Promise<boolean> {
    return (await this.ruleSets.countDocuments({ effectiveFrom: date }).exec()) > 0;
  }

  /**
   * The resident's eligibility on `date` under the rule set then in force, and the
   * event to store with it when categories or the deciding version changed.
   */
  assess(
    resident: Pick<
      Resident,
      | '_id'
      | 'birthDate'
      | 'economicStatus'
      | 'familyStatus'
      | 'livingArrangement'
      | 'status'
      | 'communityPath'
    > & {
      eligibility?: EligibilityState | null;
    },
    ruleSet: RuleSet,
    date: string,
    trigger: AssessmentTrigger,
    correlationId: string,
  ): { eligibility: EligibilityState; event: EventEnvelope<'eligibility.assessed'> | null } {
    const result = assessEligibility(
      {
        birthDate: resident.birthDate,
        economicStatus: resident.economicStatus,
        familyStatus: resident.familyStatus,
        livingArrangement: resident.livingArrangement,
        alive: resident.status === 'active',
      },
      ruleSet,
      date,
    );
    const previous = resident.eligibility ?? null;
    const previousCategories = previous?.categories ?? [];
    const eligibleSince =
      result.categories.length === 0
        ? null
        : previousCategories.length > 0
          ? (previous?.eligibleSince ?? date)
          : date;
    const eligibility: EligibilityState = {
      categories: result.categories,
      ruleSetVersion: result.ruleSetVersion,
      assessedOn: date,
      eligibleSince,
      monthlyCreditFen: result.monthlyCreditFen,
      freeExperienceServices: result.freeExperienceServices,
    };
    const changed =
      !previous ||
      previous.ruleSetVersion !== eligibility.ruleSetVersion ||
      previousCategories.join(',') !== eligibility.categories.join(',');
    const event = changed
      ? createEvent({
          type: 'eligibility.assessed',
          source: 'residents',
          subject: resident._id,
          orgUnit: resident.communityPath,
          correlationId,
          payload: {
            residentId: resident._id,
            communityPath: resident.communityPath,
            categories: eligibility.categories,
            previousCategories,
            ruleSetVersion: eligibility.ruleSetVersion,
            assessedOn: date,
            trigger,
          },
        })
      : null;
    return { eligibility, event };
  }
}
