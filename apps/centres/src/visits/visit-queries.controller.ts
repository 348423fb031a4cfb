import { Controller, Get, Inject, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, ALL_STAFF, assertVisible, canSee, CurrentPrincipal, type Principal } from '#anlao/auth';
import { CONFIG, DomainError, inParallel, type ServiceConfig } from '#anlao/platform';
import { parseCentreId } from '../centres/centres.controller.js';
import { asScoped, CentreRepository, type CentreRecord } from '../centres/centre.repository.js';
import { daysOfCurve, daysOfPresentVisits, occupancyCurve, presentNow, shareOf } from './occupancy.js';
import {
  CurveQuery,
  CurveView,
  DayVisitsPage,
  DayVisitsQuery,
  ExportQuery,
  HistoryPage,
  HistoryQuery,
  OccupancyView,
  RESIDENT_ID,
} from './visit-queries.dto.js';
import { VisitReadsRepository } from './visit-reads.repository.js';
import { dayItemOf, dayPage, filterDay, historyItemOf, historyPage } from './visit-views.js';
import { csvFileName, daysOf, visitsCsv } from './visits-csv.js';

const READERS = [...ALL_STAFF, 'centre-client'] as const;
/** Centres looked up at once for a history: well under the store's connection pool. */
const CENTRE_LOOKUPS = 8;

/**
 * Reads of a centre's visits. Another centre, or a centre outside a staff member's unit,
 * answers 404 exactly like an unknown one.
 */
@ApiTags('visits')
@Controller('centres/:centreId')
export class VisitQueriesController {
  constructor(
    private readonly centres: CentreRepository,
    private readonly visits: VisitReadsRepository,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  @Get('visits')
  @Access('bulk-personal-read', ...READERS)
  @ApiOperation({ summary: 'A centre’s visits of one day, by check-in, filtered by activity or resident' })
  @ApiOkResponse({ type: DayVisitsPage })
  async ofDay(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Query() query: DayVisitsQuery,
  ): Promise<DayVisitsPage> {
    const centre = await this.visibleCentre(principal, centreId);
    const visits = filterDay(await this.visits.ofDay(centre._id, query.day), {
      activity: query.activity,
      residentId: query.residentId,
      includeVoided: query.includeVoided === 'true',
    });
    const page = dayPage(visits, { after: query.after, limit: query.limit ?? 100 });
    return { items: page.items.map(dayItemOf), next: page.next };
  }

  @Get('occupancy')
  @Access('bulk-personal-read', ...READERS)
  @ApiOperation({ summary: 'Who is in the centre now (open visits), against its capacity' })
  @ApiOkResponse({ type: OccupancyView })
  async occupancy(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
  ): Promise<OccupancyView> {
    const centre = await this.visibleCentre(principal, centreId);
    const now = new Date();
    const days = daysOfPresentVisits(now, this.config.TIME_ZONE);
    const open = presentNow(await this.visits.ofDays(centre._id, days), now);
    return {
      centreId: centre._id,
      at: now.toISOString(),
      present: open.length,
      capacity: centre.capacity,
      share: shareOf(open.length, centre.capacity),
      items: open.map((v) => ({
        visitId: v.visitId,
        residentId: v.residentId,
        checkInAt: v.checkInAt.toISOString(),
      })),
    };
  }

  @Get('occupancy/curve')
  @Access('read', ...READERS)
  @ApiOperation({
    summary: 'How many were present at each step of a day, its peak and the capacity',
    description:
      'A visit counts from its check-in up to its check-out; an open visit up to now while it may still be ' +
      'going on (under 24 h), else for one hour. Steps from local midnight, none after now.',
  })
  @ApiOkResponse({ type: CurveView })
  async curve(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Query() query: CurveQuery,
  ): Promise<CurveView> {
    const centre = await this.visibleCentre(principal, centreId);
    const stepMinutes = query.stepMinutes ?? 15;
    const visits = await this.visits.ofDays(centre._id, daysOfCurve(query.day));
    const curve = occupancyCurve(visits, {
      day: query.day,
      stepMinutes,
      timeZone: this.config.TIME_ZONE,
      now: new Date(),
    });
    return { centreId: centre._id, day: query.day, stepMinutes, capacity: centre.capacity, ...curve };
  }

  /**
   * Streamed: one equality query per day, each read through a cursor; the audit entry is
   * stored before the first byte (route, centre and period; the rows cannot be counted then).
   */
  @Get('visits.csv')
  @Access('bulk-personal-read', ...READERS)
  @ApiOperation({ summary: 'A centre’s visits of a period (at most 366 days) as CSV, day by day' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'visitId,residentId,activity,day,checkInAt,checkOutAt,status,voidReason',
    schema: { type: 'string' },
  })
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param('centreId') centreId: string,
    @Query() query: ExportQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const centre = await this.visibleCentre(principal, centreId);
    const csv = visitsCsv(daysOf(query.from, query.to), (day) => this.visits.streamDay(centre._id, day));
    void reply
      .type('text/csv; charset=utf-8')
      .header(
        'content-disposition',
        `attachment; filename="${csvFileName(centre._id, query.from, query.to)}"`,
      );
    return new StreamableFile(csv);
  }

  private async visibleCentre(principal: Principal, centreId: string): Promise<CentreRecord> {
    return assertVisible(principal, asScoped(await this.centres.findById(parseCentreId(centreId))), {
      code: 'centre.not-found',
      detail: `no centre ${centreId}`,
    });
  }
}

/**
 * A resident's visits across the centres the caller may see. Never a 404: a resident
 * without visits the caller may see answers an empty page, like one never seen anywhere.
 */
@ApiTags('visits')
@Controller('residents/:residentId/visits')
export class ResidentVisitsController {
  constructor(
    private readonly centres: CentreRepository,
    private readonly visits: VisitReadsRepository,
  ) {}

  @Get()
  @Access('personal-read', ...READERS)
  @ApiOperation({ summary: 'A resident’s visits, newest first, at the centres the caller may see' })
  @ApiOkResponse({ type: HistoryPage })
  async history(
    @CurrentPrincipal() principal: Principal,
    @Param('residentId') residentId: string,
    @Query() query: HistoryQuery,
  ): Promise<HistoryPage> {
    // A centre reads its own visits only, so its query names the centre too.
    const own = principal.kind === 'centre' ? principal.centreId : undefined;
    const visits = await this.visits.ofResident(parseResidentId(residentId), own);
    const visible = await this.visibleCentreIds(principal, [...new Set(visits.map((v) => v.centreId))]);
    const page = historyPage(
      visits.filter((v) => visible.has(v.centreId)),
      { after: query.after, limit: query.limit ?? 100 },
    );
    return { items: page.items.map(historyItemOf), next: page.next };
  }

  /** One `_id` look-up per centre (a `$in` scans on the store, ADR 0013). */
  private async visibleCentreIds(principal: Principal, centreIds: string[]): Promise<Set<string>> {
    const found = await inParallel(centreIds, CENTRE_LOOKUPS, (id) => this.centres.findById(id));
    return new Set(
      found.flatMap((c) => {
        const scoped = asScoped(c);
        return scoped && canSee(principal, scoped) ? [scoped._id] : [];
      }),
    );
  }
}

function parseResidentId(value: string): string {
  if (!RESIDENT_ID.test(value))
    throw new DomainError(
      'invalid',
      'resident.invalid-id',
      'residentId must be 1-64 letters, digits, ., _ or -',
      [{ field: 'residentId', message: 'letters, digits, ., _ or -, at most 64' }],
    );
  return value;
}
