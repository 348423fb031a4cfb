import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, ALL_STAFF, assertVisible, CurrentPrincipal, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { CentreDirectoryRepository } from '../centre-directory/centre-directory.repository.js';
import { Generations } from '../generations/generations.js';
import { DailyVisitsQuery, DailyVisitsResponse } from './centre-visits.dto.js';
import { DailyCentreVisitsRepository } from './daily-visit-count.repository.js';

export const MAX_RANGE_DAYS = 366;

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

@ApiTags('centre visits')
@Controller('centre-visits')
export class CentreVisitsController {
  constructor(
    private readonly counts: DailyCentreVisitsRepository,
    private readonly directory: CentreDirectoryRepository,
    private readonly generations: Generations,
  ) {}

  /** Staff see the centres of their unit, a centre itself; any other centre reads as unknown. */
  @Get('daily')
  @Access('read', ...ALL_STAFF, 'centre-client')
  @ApiOkResponse({ type: DailyVisitsResponse })
  async daily(
    @CurrentPrincipal() principal: Principal,
    @Query() query: DailyVisitsQuery,
  ): Promise<DailyVisitsResponse> {
    const span = daysBetween(query.from, query.to);
    if (Number.isNaN(span) || span < 0 || span >= MAX_RANGE_DAYS) {
      throw new DomainError(
        'invalid',
        'range.invalid',
        `from must not be after to, and the range at most ${MAX_RANGE_DAYS} days`,
        [{ field: 'to', message: `on or after from, within ${MAX_RANGE_DAYS} days` }],
      );
    }
    // The directory and the counts of one generation, the active one now (ADR 0030).
    const db = await this.generations.readDb();
    assertVisible(principal, await this.directory.scopeOf(db, query.centreId), {
      code: 'centre.not-found',
      detail: `no centre ${query.centreId}`,
    });
    const days = await this.counts.daily(db, query.centreId, query.from, query.to);
    return { ...query, total: days.reduce((sum, d) => sum + d.visits, 0), days };
  }
}
