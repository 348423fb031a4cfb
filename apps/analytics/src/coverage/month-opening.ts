import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { LOGGER } from '#anlao/platform';
import { eligibleIn, type ResidentProfile } from '../resident-profiles/resident-profile.js';
import { CoverageProjector } from './coverage-projector.js';
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

/**
 * The monthly roll-over (ADR 0029): a month with no event for an elder must still count them as
 * eligible. Once per month (at start-up and every ten minutes it checks), every profile is read in
 * `_id` order — one pass over the collection a month — and the eligible ones are recounted for the
 * month in the coverage lane, a page at a time, the last page done kept in `coverage_months[month]`
 * so an interrupted opening resumes where it stopped. Recounting is idempotent.
 */
@Injectable()
export class MonthOpening implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    private readonly projector: CoverageProjector,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), OPENING_CHECK_MS);
    this.timer.unref();
    void this.tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private tick(): Promise<void> {
    const running =
      this.running ??
      this.open(this.projector.context().currentMonth)
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'month opening paused; retried at the next check'),
        )
        .finally(() => {
          this.running = null;
        });
    this.running = running;
    return running;
  }

  /** Opens `month` (resuming a half-done opening); returns how many elders it counted eligible. */
  async open(month: string): Promise<number> {
    const openings = this.connection.collection<OpeningDoc>('coverage_months');
    const state = (await openings.findOne({ _id: month })) ?? {
      _id: month,
      after: null,
      done: false,
      opened: 0,
    };
    if (state.done) return state.opened;
    const cursor = this.connection
      .collection<ResidentProfile>(Collections.profiles)
      .find(state.after === null ? {} : { _id: { $gt: state.after } }, {
        projection: { _id: 1, eligibility: 1, diedOn: 1 },
      })
      .sort({ _id: 1 })
      .batchSize(PAGE);
    let page: string[] = [];
    let opened = state.opened;
    const flush = async (last: string) => {
      opened += await this.openPage(page, month);
      await openings.updateOne(
        { _id: month },
        { $set: { after: last, done: false, opened } },
        { upsert: true },
      );
      page = [];
    };
    let last: string | null = null;
    for await (const profile of cursor) {
      if (this.stopping) return opened;
      last = profile._id;
      if (eligibleIn(profile, month)) page.push(profile._id);
      if (page.length >= PAGE) await flush(last);
    }
    if (last !== null && page.length > 0) await flush(last);
    await openings.updateOne({ _id: month }, { $set: { done: true, opened } }, { upsert: true });
    this.logger.info({ month, opened }, 'coverage month opened');
    return opened;
  }

  private async openPage(residentIds: string[], month: string): Promise<number> {
    if (residentIds.length === 0) return 0;
    const writer = this.projector.writer;
    await writer.exclusive(async () => {
      const seq = await writer.recover();
      const ctx = this.projector.context();
      const state = await this.projector.read({
        residentIds: new Set(residentIds),
        monthIds: new Set(residentIds.map((id) => residentMonthId(id, month))),
      });
      await writer.apply(planMonthOpening(residentIds, month, state, ctx).build(), seq);
    });
    return residentIds.length;
  }
}
