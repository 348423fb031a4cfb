import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '#anlao/platform';
import { eligibleIn, type ResidentProfile } from '../resident-profiles/resident-profile.js';
import { Generations } from '../generations/generations.js';
import { COVERAGE_GROUP, CoverageProjector, OPENINGS_COLLECTION } from './coverage-projector.js';
import { Collections, planMonthOpening } from './coverage-step.js';
import { residentMonthId } from './resident-month.js';

/** How often the current month is checked (and a half-done opening resumed). */
export const OPENING_CHECK_MS = 10 * 60_000;
const PAGE = 200;

interface OpeningDoc {
  _id: string;
  /** The last resident id whose page is written; null before the first. */
  after: string | null;
  done: boolean;
  opened: number;
}

/** The checks of one generation this process writes coverage in. */
interface Checks {
  timer: NodeJS.Timeout;
  running: Promise<void> | null;
  stopping: boolean;
}

/**
 * The monthly roll-over (ADR 0029): a month with no event for an elder must still count them as
 * eligible. Once per month (when the coverage lane starts in a generation and every ten minutes it
 * checks), every profile is read in `_id` order — one pass over the collection a month — and the
 * eligible ones are recounted for the month in the coverage lane, a page at a time, the last page
 * done kept in `coverage_months[month]` so an interrupted opening resumes where it stopped.
 * Recounting is idempotent. It runs in every generation this process writes coverage in (the live one
 * and, during a rebuild, the new one: ADR 0030) and stops with that generation's consumer.
 */
@Injectable()
export class MonthOpening implements BeforeApplicationShutdown {
  private readonly checks = new Map<string, Checks>();

  constructor(
    private readonly generations: Generations,
    private readonly projector: CoverageProjector,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    generations.hook(COVERAGE_GROUP, {
      starting: (generation) => Promise.resolve(this.start(generation)),
      stopped: (generation) => this.stop(generation),
    });
  }

  private start(generation: string): void {
    if (this.checks.has(generation)) return;
    const timer = setInterval(() => void this.tick(generation), OPENING_CHECK_MS);
    timer.unref();
    this.checks.set(generation, { timer, running: null, stopping: false });
    void this.tick(generation);
  }

  private async stop(generation: string): Promise<void> {
    const checks = this.checks.get(generation);
    if (!checks) return;
    checks.stopping = true;
    clearInterval(checks.timer);
    await checks.running;
    this.checks.delete(generation);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([...this.checks.keys()].map((g) => this.stop(g)));
  }

  private tick(generation: string): Promise<void> {
    const checks = this.checks.get(generation);
    if (!checks || checks.stopping) return Promise.resolve();
    checks.running ??= this.open(this.projector.context().currentMonth, generation)
      .then(() => undefined)
      .catch((error: unknown) =>
        this.logger.warn({ err: error, generation }, 'month opening paused; retried at the next check'),
      )
      .finally(() => {
        checks.running = null;
      });
    return checks.running;
  }

  /**
   * Opens `month` in `generation` (by default the active one), resuming a half-done opening; returns
   * how many elders it counted eligible.
   */
  async open(month: string, generation?: string): Promise<number> {
    const gen = generation ?? (await this.generations.active());
    const db = this.projector.db(gen);
    const stopping = () => this.checks.get(gen)?.stopping === true;
    const openings = db.collection<OpeningDoc>(OPENINGS_COLLECTION);
    const state = (await openings.findOne({ _id: month })) ?? {
      _id: month,
      after: null,
      done: false,
      opened: 0,
    };
    if (state.done) return state.opened;
    const cursor = db
      .collection<ResidentProfile>(Collections.profiles)
      .find(state.after === null ? {} : { _id: { $gt: state.after } }, {
        projection: { _id: 1, eligibility: 1, diedOn: 1 },
      })
      .sort({ _id: 1 })
      .batchSize(PAGE);
    let page: string[] = [];
    let opened = state.opened;
    const flush = async (last: string) => {
      opened += await this.openPage(page, month, gen);
      await openings.updateOne(
        { _id: month },
        { $set: { after: last, done: false, opened } },
        { upsert: true },
      );
      page = [];
    };
    let last: string | null = null;
    for await (const profile of cursor) {
      if (stopping()) return opened;
      last = profile._id;
      if (eligibleIn(profile, month)) page.push(profile._id);
      if (page.length >= PAGE) await flush(last);
    }
    if (last !== null && page.length > 0) await flush(last);
    await openings.updateOne({ _id: month }, { $set: { done: true, opened } }, { upsert: true });
    this.logger.info({ month, opened, generation: gen }, 'coverage month opened');
    return opened;
  }

  private async openPage(residentIds: string[], month: string, generation: string): Promise<number> {
    if (residentIds.length === 0) return 0;
    const writer = this.projector.writers.writer(generation);
    await writer.exclusive(async () => {
      const seq = await writer.recover();
      const ctx = this.projector.context();
      const state = await this.projector.read(
        {
          residentIds: new Set(residentIds),
          monthIds: new Set(residentIds.map((id) => residentMonthId(id, month))),
        },
        generation,
      );
      await writer.apply(planMonthOpening(residentIds, month, state, ctx).build(), seq);
    });
    return residentIds.length;
  }
}
