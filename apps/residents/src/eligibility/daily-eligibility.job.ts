import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Logger } from 'pino';
import { MessagingRuntime } from '#anlao/messaging';
import { CONFIG, localDay, LOGGER, type ServiceConfig } from '#anlao/platform';
import { RESIDENTS_CONFIG, type ResidentsConfig } from '../residents.config.js';
import { daysToRun, msUntilNextRun } from './daily-days.js';
import {
  DAILY_ELIGIBILITY_STATE_ID,
  DailyEligibilityRun,
  DailyEligibilityState,
} from './daily-eligibility.schema.js';
import { ReassessResidentsUseCase } from './reassess-residents.usecase.js';

/** After a failed day, the next attempt: soon, but not in a tight loop against a store that is down. */
export const DAILY_RETRY_MS = 5 * 60_000;
/** Residents assessed per page of a day. */
const PAGE = 200;

export interface CatchUpOutcome {
  completed: string[];
  /** The day that failed (it and every later day stay owed), or null. */
  failed: string | null;
}

/**
 * The daily eligibility job (ADR 0017): on start and a minute after each local
 * midnight it assesses every day it still owes — from the day after the last one it
 * completed through today, in order — so an elder who turned 80 while the service was
 * down is assessed on start. A day that fails is logged and stays owed: the run stops
 * there and tries again after `DAILY_RETRY_MS`. One replica runs it
 * (`ELIGIBILITY_DAILY_JOB=off` on the others).
 */
@Injectable()
export class DailyEligibilityJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<CatchUpOutcome> | undefined;
  private stopped = false;

  constructor(
    private readonly reassess: ReassessResidentsUseCase,
    private readonly runtime: MessagingRuntime,
    @InjectModel(DailyEligibilityState.name) private readonly state: Model<DailyEligibilityState>,
    @InjectModel(DailyEligibilityRun.name) private readonly runs: Model<DailyEligibilityRun>,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(RESIDENTS_CONFIG) private readonly residentsConfig: ResidentsConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.residentsConfig.ELIGIBILITY_DAILY_JOB === 'on') this.schedule(0);
  }

  /** Stops between days; a day in progress may finish (bounded), else it stays owed. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const running = this.running?.catch(() => undefined);
    if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 10_000).unref())]);
  }

  /** The last completed day, or null before the first. */
  async lastCompletedDay(): Promise<string | null> {
    const state = await this.state.findById(DAILY_ELIGIBILITY_STATE_ID).lean<DailyEligibilityState>().exec();
    return state?.lastCompletedDay ?? null;
  }

  /** Assesses every owed day in order, recording each; stops at the first that fails. */
  async catchUp(): Promise<CatchUpOutcome> {
    const today = localDay(new Date(), this.config.TIME_ZONE);
    const days = daysToRun(
      await this.lastCompletedDay(),
      today,
      this.residentsConfig.ELIGIBILITY_DAILY_FIRST_DAY,
    );
    const completed: string[] = [];
    for (const day of days) {
      if (this.stopped) break;
      try {
        await this.runDay(day, today);
        completed.push(day);
      } catch (error) {
        this.logger.error(
          { err: error, day },
          'daily eligibility assessment failed; the day stays owed and runs again',
        );
        return { completed, failed: day };
      }
    }
    return { completed, failed: null };
  }

  private async runDay(day: string, today: string): Promise<void> {
    const result = await this.reassessDay(day);
    // The run first, then the state: a crash between them runs the day again, which changes
    // nothing the first run changed (an assessment that changes nothing writes nothing).
    await this.runs
      .updateOne({ _id: day }, { $set: { ...result, caughtUp: day < today } }, { upsert: true })
      .exec();
    await this.state
      .updateOne({ _id: DAILY_ELIGIBILITY_STATE_ID }, { $set: { lastCompletedDay: day } }, { upsert: true })
      .exec();
    this.logger.info({ day, caughtUp: day < today, ...result }, 'daily eligibility assessment done');
  }

  /**
   * Residents whose age changes on `day`, or everyone when a rule set takes effect then,
   * page by page. A resident changed meanwhile is read again and assessed again; one that
   * kept changing fails the day (after the others are done), so it is not taken as done.
   */
  private async reassessDay(day: string): Promise<{ trigger: string; assessed: number; changed: number }> {
    const { ruleSet, trigger } = await this.reassess.plan(day);
    const run = { date: day, ruleSet, trigger, correlationId: `daily-eligibility-${day}` };
    const tally = { assessed: 0, changed: 0, failed: 0 };
    let cursor: string | null = null;
    do {
      const page = await this.reassess.page(run, cursor, PAGE);
      tally.assessed += page.counts?.assessed ?? 0;
      tally.changed += page.counts?.changed ?? 0;
      tally.failed += page.errors?.length ?? 0;
      cursor = page.next;
      this.runtime.notifyRelays();
    } while (cursor);
    if (tally.failed > 0) {
      throw new Error(`${tally.failed} residents kept changing during the assessment of ${day}`);
    }
    return { trigger, assessed: tally.assessed, changed: tally.changed };
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    let failed = true;
    try {
      this.running = this.catchUp();
      failed = (await this.running).failed !== null;
    } catch (error) {
      // The state could not be read (store unavailable): nothing was done; try again soon.
      this.logger.error({ err: error }, 'daily eligibility job could not start; will retry');
    } finally {
      this.running = undefined;
    }
    if (!this.stopped) {
      this.schedule(failed ? DAILY_RETRY_MS : msUntilNextRun(new Date(), this.config.TIME_ZONE));
    }
  }
}
