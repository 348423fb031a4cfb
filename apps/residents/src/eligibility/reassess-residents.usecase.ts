import { Injectable } from '@nestjs/common';
import type { JobItemError, JobPage } from '#anlao/jobs';
import { ResidentRepository } from '../residents/resident.repository.js';
import type { Resident } from '../residents/resident.schema.js';
import { birthdayMonthDaysOn, type RuleSet } from './eligibility-rules.js';
import { EligibilityService } from './eligibility.service.js';

/** Who a reassessment of a day goes through: everyone when a rule set takes effect, else birthdays. */
export type ReassessmentTrigger = 'rule-set' | 'age';

export interface Reassessment {
  date: string;
  ruleSet: RuleSet;
  trigger: ReassessmentTrigger;
  correlationId: string;
}

/** Tries per resident when its record changes between the read and the write. */
const ATTEMPTS = 3;

/**
 * The eligibility reassessment of one day, a page at a time (the
 * `eligibility.reassessment` job). Writing a resident's eligibility is conditional on
 * the version read, and an assessment that changes nothing writes nothing, so a page
 * redone after a crash changes nobody twice.
 */
@Injectable()
export class ReassessResidentsUseCase {
  constructor(
    private readonly residents: ResidentRepository,
    private readonly eligibility: EligibilityService,
  ) {}

  /** What a reassessment of `date` will do, decided when its job starts. */
  async plan(date: string): Promise<{ ruleSet: RuleSet; trigger: ReassessmentTrigger; total: number }> {
    const ruleSet = await this.eligibility.activeOn(date);
    const trigger: ReassessmentTrigger = (await this.eligibility.takesEffectOn(date)) ? 'rule-set' : 'age';
    let total = 0;
    if (trigger === 'rule-set') total = await this.residents.countActive();
    else
      for (const monthDay of birthdayMonthDaysOn(date))
        total += await this.residents.countWithBirthday(monthDay);
    return { ruleSet, trigger, total };
  }

  /**
   * One page. Birthdays are read one month-day at a time (an equality look-up; a `$in`
   * is a full scan on FerretDB): born on 29 February, a year older on 1 March when the
   * year has no 29 February. The cursor says which month-day and the last id read.
   */
  async page(run: Reassessment, cursor: string | null, limit: number): Promise<JobPage> {
    const days = run.trigger === 'rule-set' ? [null] : birthdayMonthDaysOn(run.date);
    const at = parseCursor(cursor);
    const monthDay = days[at.day] ?? null;
    const page = monthDay
      ? await this.residents.withBirthday(monthDay, at.after, limit)
      : await this.residents.allActive(at.after, limit);
    const counts = { assessed: 0, changed: 0, failed: 0 };
    const errors: JobItemError[] = [];
    for (const resident of page) {
      const outcome = await this.reassessOne(resident, run);
      counts.assessed++;
      if (outcome === 'changed') counts.changed++;
      if (outcome === 'busy') {
        counts.failed++;
        errors.push({ item: resident._id, code: 'resident.busy', detail: 'the record kept changing' });
      }
    }
    const last = page.at(-1)?._id;
    const next =
      page.length === limit && last
        ? `${at.day}/${last}`
        : at.day + 1 < days.length
          ? `${at.day + 1}/`
          : null;
    return { done: page.length, counts, errors, next };
  }

  /** Re-reads a resident whose record changed under the write, instead of skipping it. */
  private async reassessOne(first: Resident, run: Reassessment): Promise<'changed' | 'unchanged' | 'busy'> {
    let resident: Resident | null = first;
    for (let attempt = 0; attempt < ATTEMPTS && resident; attempt++) {
      const result = this.eligibility.assess(resident, run.ruleSet, run.date, run.trigger, run.correlationId);
      if (!result.event) return 'unchanged';
      const written = await this.residents.update(
        resident._id,
        resident.version,
        { eligibility: result.eligibility },
        [result.event],
      );
      if (written) return 'changed';
      resident = await this.residents.findById(first._id);
    }
    return resident ? 'busy' : 'unchanged';
  }
}

/** `<month-day index>/<last id read>`; null: the start. */
function parseCursor(cursor: string | null): { day: number; after: string | undefined } {
  if (!cursor) return { day: 0, after: undefined };
  const [day = '0', after = ''] = cursor.split('/');
  return { day: Number(day) || 0, after: after || undefined };
}
