import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { GenerationalConsumers } from './generational-consumers.js';
import { Generations } from './generations.js';
import { rebuildStatus, RebuildStatusDto, StartRebuildDto } from './rebuild.dto.js';

/** A rebuild replays every projection of the city: the city's own administrators only. */
function assertCityAdmin(principal: Principal): void {
  if (principal.kind !== 'staff' || principal.orgUnit.includes('.'))
    throw new DomainError(
      'forbidden',
      'rebuild.city-only',
      'a rebuild is the whole city’s: only a city-admin of the city may start or follow one',
    );
}

/**
 * Rebuild of analytics' projections (ADR 0030): `npm run analytics:rebuild` starts one and prints its
 * progress from here. Every projection is replayed from the topics into a fresh database while the
 * live consumers keep running; reads switch in one write once it has caught up.
 */
@ApiTags('admin')
@Controller('admin/rebuild')
export class RebuildController {
  constructor(
    private readonly consumers: GenerationalConsumers,
    private readonly generations: Generations,
  ) {}

  @Post()
  @HttpCode(202)
  @Access('admin', 'city-admin')
  @ApiAcceptedResponse({ type: RebuildStatusDto, description: 'started: follow it with GET' })
  @ApiConflictResponse({
    description: '`rebuild.running`: one is under way (or dropping its old generation)',
  })
  async start(
    @CurrentPrincipal() principal: Principal,
    @Body() body: StartRebuildDto,
  ): Promise<RebuildStatusDto> {
    assertCityAdmin(principal);
    return rebuildStatus(await this.consumers.start(principal, body.hold ?? false));
  }

  @Get()
  @Access('admin', 'city-admin')
  @ApiOkResponse({ type: RebuildStatusDto })
  async status(@CurrentPrincipal() principal: Principal): Promise<RebuildStatusDto> {
    assertCityAdmin(principal);
    return rebuildStatus(await this.generations.state());
  }

  /** Gives the running rebuild up: its new generation is dropped; reads stay where they are. */
  @Delete()
  @HttpCode(202)
  @Access('admin', 'city-admin')
  @ApiAcceptedResponse({ type: RebuildStatusDto })
  @ApiConflictResponse({ description: '`rebuild.not-running`: no rebuild to give up' })
  async abort(@CurrentPrincipal() principal: Principal): Promise<RebuildStatusDto> {
    assertCityAdmin(principal);
    return rebuildStatus(await this.consumers.abort());
  }

  /** A held rebuild (`hold: true`) switches once caught up. */
  @Post('switch')
  @HttpCode(202)
  @Access('admin', 'city-admin')
  @ApiAcceptedResponse({ type: RebuildStatusDto })
  @ApiConflictResponse({ description: '`rebuild.not-held`: no rebuild is waiting for a switch' })
  async switch(@CurrentPrincipal() principal: Principal): Promise<RebuildStatusDto> {
    assertCityAdmin(principal);
    return rebuildStatus(await this.consumers.release());
  }
}
