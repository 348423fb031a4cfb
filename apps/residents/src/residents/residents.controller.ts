import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { acceptJob, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, type JobView } from '#anlao/jobs';
import { DomainError } from '#anlao/platform';
import { CardLookupDto } from '../cards/card-lookup.dto.js';
import { CardsUseCase } from '../cards/cards.usecase.js';
import { csvBody } from '../org-units/org-units.controller.js';
import { WalletsUseCase } from '../wallets/wallets.usecase.js';
import { ImportResidentsJob } from './import-residents.job.js';
import { birthDateBounds, RegistryUseCase } from './registry.usecase.js';
import type { ResidentView } from './resident-view.js';
import {
  ListResidentsQuery,
  LookupResidentDto,
  MoveResidentDto,
  RecordDeathDto,
  RegisterResidentDto,
  UpdateResidentDto,
} from './residents.dto.js';

export function parseResidentId(id: string): string {
  if (!/^r-[a-z0-9]{1,32}$/.test(id)) {
    throw new DomainError('invalid', 'resident.invalid-id', 'not a resident id', [
      { field: 'residentId', message: 'r-…' },
    ]);
  }
  return id;
}

@ApiTags('residents')
@Controller('residents')
export class ResidentsController {
  constructor(
    private readonly registry: RegistryUseCase,
    private readonly cards: CardsUseCase,
    private readonly wallets: WalletsUseCase,
    private readonly imports: ImportResidentsJob,
  ) {}

  /**
   * Registers a resident of a community in the caller's unit. A registered ID number → 409:
   * with the existing id when the caller may see that resident, else `resident.registered-elsewhere`.
   */
  @Post()
  @Access('write', ...MANAGING_STAFF)
  async register(
    @CurrentPrincipal() p: Principal,
    @Body() dto: RegisterResidentDto,
    @Req() req: FastifyRequest,
  ): Promise<ResidentView> {
    return this.registry.view(p, await this.registry.register(p, { ...dto }, String(req.id)), 'summary');
  }

  /** Residents of the caller's unit, filtered and paged (`after` = last id of the previous page); ID numbers masked. */
  @Get()
  @Access('bulk-personal-read', ...ALL_STAFF)
  async list(
    @CurrentPrincipal() p: Principal,
    @Query() q: ListResidentsQuery,
  ): Promise<{ items: ResidentView[]; next: string | null }> {
    const limit = q.limit ?? 50;
    let communityPath: string | undefined;
    if (q.community) {
      const unit = await this.registry.orgUnit(q.community);
      // An unknown community matches nothing rather than everything.
      communityPath = unit?.path ?? '__none__';
    }
    const items = await this.registry.list(
      p,
      {
        communityPath,
        livingArrangement: q.livingArrangement,
        familyStatus: q.familyStatus,
        economicStatus: q.economicStatus,
        category: q.category,
        status: q.status,
        ...(q.ageBand ? birthDateBounds(q.ageBand, this.registry.today()) : {}),
      },
      { after: q.after, limit },
    );
    return {
      items: items.map((r) => this.registry.view(p, r, 'summary')),
      next: items.length === limit ? (items.at(-1)?._id ?? null) : null,
    };
  }

  /** Exact-number search; the number travels in the body, not the URL. */
  @Post('lookup')
  @Access('personal-read', ...ALL_STAFF)
  @HttpCode(200)
  async lookup(@CurrentPrincipal() p: Principal, @Body() dto: LookupResidentDto): Promise<ResidentView> {
    return this.registry.view(p, await this.registry.findByNationalId(p, dto.nationalId), 'record');
  }

  /**
   * CSV with a header row (see the residents README), imported by a background job (202,
   * `Location` names it): valid rows are registered, bad ones reported by line in the job.
   * Not CSV or a wrong header: 400 and nothing is queued.
   */
  @Post('import')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(202)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string' } })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiAcceptedResponse({ description: 'the job; `Location` is its URL' })
  async import(
    @CurrentPrincipal() p: Principal,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const text = csvBody(body, req);
    const key = parseIdempotencyKey(idempotencyKey);
    return acceptJob(reply, await this.imports.submit(p, text, key, String(req.id)));
  }

  /** A resident's record: the one read that shows the ID number whole, to roles that may see it. */
  @Get(':residentId')
  @Access('personal-read', ...ALL_STAFF)
  async get(@CurrentPrincipal() p: Principal, @Param('residentId') id: string): Promise<ResidentView> {
    return this.registry.view(p, await this.registry.get(p, parseResidentId(id)), 'record');
  }

  @Patch(':residentId')
  @Access('write', ...MANAGING_STAFF)
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('residentId') id: string,
    @Body() dto: UpdateResidentDto,
    @Req() req: FastifyRequest,
  ): Promise<ResidentView> {
    return this.registry.view(
      p,
      await this.registry.update(p, parseResidentId(id), { ...dto }, String(req.id)),
      'summary',
    );
  }

  /** Moves the resident to another community (both must be in the caller's unit). */
  @Post(':residentId/move')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  async move(
    @CurrentPrincipal() p: Principal,
    @Param('residentId') id: string,
    @Body() dto: MoveResidentDto,
    @Req() req: FastifyRequest,
  ) {
    return this.registry.view(
      p,
      await this.registry.move(p, parseResidentId(id), dto.communityCode, String(req.id)),
      'summary',
    );
  }

  @Post(':residentId/death')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  async death(
    @CurrentPrincipal() p: Principal,
    @Param('residentId') id: string,
    @Body() dto: RecordDeathDto,
    @Req() req: FastifyRequest,
  ) {
    return this.registry.view(
      p,
      await this.registry.recordDeath(p, parseResidentId(id), dto.diedOn, String(req.id)),
      'summary',
    );
  }

  @Post(':residentId/card')
  @Access('write', ...MANAGING_STAFF)
  async issueCard(
    @CurrentPrincipal() p: Principal,
    @Param('residentId') id: string,
    @Req() req: FastifyRequest,
  ) {
    return this.registry.view(p, await this.cards.issue(p, parseResidentId(id), String(req.id)), 'summary');
  }

  @Post(':residentId/card/suspend')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  async suspendCard(
    @CurrentPrincipal() p: Principal,
    @Param('residentId') id: string,
    @Req() req: FastifyRequest,
  ) {
    return this.registry.view(p, await this.cards.suspend(p, parseResidentId(id), String(req.id)), 'summary');
  }

  /** The old number stops working at once; a new card is issued. */
  @Post(':residentId/card/report-lost')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  async reportLost(
    @CurrentPrincipal() p: Principal,
    @Param('residentId') id: string,
    @Req() req: FastifyRequest,
  ) {
    return this.registry.view(
      p,
      await this.cards.reportLost(p, parseResidentId(id), String(req.id)),
      'summary',
    );
  }

  @Get(':residentId/wallet')
  @Access('personal-read', ...ALL_STAFF)
  @ApiOkResponse({ description: 'balances per part (fen) and the ledger' })
  async wallet(@CurrentPrincipal() p: Principal, @Param('residentId') id: string) {
    const { resident, wallet } = await this.wallets.get(p, parseResidentId(id));
    return { residentId: resident._id, balances: wallet.balances, entries: wallet.entries };
  }
}

@ApiTags('cards')
@Controller('cards')
export class CardsController {
  constructor(
    private readonly cards: CardsUseCase,
    private readonly registry: RegistryUseCase,
  ) {}

  /**
   * Hotline look-up by card number: the resident, with the ID number masked for operators.
   * The number travels in the body, so it stays out of URLs, access logs and audit targets.
   */
  @Post('lookup')
  @Access('personal-read', 'hotline-operator', ...MANAGING_STAFF)
  @HttpCode(200)
  async lookup(@CurrentPrincipal() p: Principal, @Body() dto: CardLookupDto): Promise<ResidentView> {
    return this.registry.view(p, await this.cards.lookup(p, dto.number), 'record');
  }
}
