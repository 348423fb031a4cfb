import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { createEvent, type EventEnvelope } from '#anlao/events';
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

@Injectable()
export class EligibilityService {
  constructor(@InjectModel(StoredRuleSet.name) private readonly ruleSets: Model<StoredRuleSet>) {}

  async all(): Promise<RuleSet[]> {
    const stored = await this.ruleSets.find().sort({ effectiveFrom: 1 }).lean<StoredRuleSet[]>().exec();
    return stored.map((s) => RuleSetSchema.parse(s.rules));
  }

  async activeOn(date: string): Promise<RuleSet> {
    return activeRuleSet(await this.all(), date) ?? FALLBACK_RULE_SET;
  }

  /** Publishes a rule set. Published sets are never edited: a change is a new version. */
  async publish(raw: unknown, publishedBy: string, today: string): Promise<RuleSet> {
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
    const existing = await this.ruleSets.findById(ruleSet.version).lean<StoredRuleSet>().exec();
    if (existing) {
      if (JSON.stringify(RuleSetSchema.parse(existing.rules)) === JSON.stringify(ruleSet)) return ruleSet;
      throw new DomainError(
        'conflict',
        'rule-set.version-taken',
        `version ${ruleSet.version} is already published`,
      );
    }
    await this.ruleSets.create({
      _id: ruleSet.version,
      effectiveFrom: ruleSet.effectiveFrom,
      rules: ruleSet,
      publishedBy,
    });
    return ruleSet;
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
