import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, type Principal } from '#anlao/auth';
import { DomainError, IsOrgUnitCode, PageQuery, pageOf, type Page } from '#anlao/platform';
import { ORG_LEVELS, type OrgLevel, type OrgUnit } from './org-unit.schema.js';
import { OrgUnitsUseCase } from './org-units.usecase.js';

export class CreateOrgUnitDto {
  @ApiProperty({ example: '210102001', description: "digits, extending the parent's code" })
  @IsOrgUnitCode()
  code!: string;

  @ApiProperty({ example: '长白街道' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ORG_LEVELS })
  @IsIn(ORG_LEVELS)
  level!: OrgLevel;

  @ApiProperty({ required: false, nullable: true, example: '210102' })
  @IsOptional()
  @IsOrgUnitCode()
  parentCode?: string | null;
}

export class OrgUnitView {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORG_LEVELS }) level!: OrgLevel;
  @ApiProperty({ nullable: true, type: String }) parentCode!: string | null;
  @ApiProperty() path!: string;
}

export class ImportReportView {
  @ApiProperty() created!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ description: 'bad rows: their line in the file and why' }) rejected!: {
    line: number;
    reasons: string[];
  }[];
}

const view = (u: OrgUnit): OrgUnitView => ({
  code: u._id,
  name: u.name,
  level: u.level,
  parentCode: u.parentCode,
  path: u.path,
});

/**
 * The text of a CSV upload. Another content type is refused with 415 (a JSON
 * `{}` is not an empty file); an empty body with 400.
 */
export function csvBody(body: unknown, request?: FastifyRequest): string {
  const contentType = request?.headers['content-type'];
  if (request && !/^text\/csv\s*(;|$)/i.test(contentType ?? '')) {
    throw new DomainError(
      'unsupported-media-type',
      'csv.content-type',
      'send the file with content-type text/csv',
    );
  }
  if (typeof body !== 'string' || body.length === 0) {
    throw new DomainError(
      'invalid',
      'csv.required',
      'send the file as the request body with content-type text/csv',
    );
  }
  return body;
}

@ApiTags('org units')
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsUseCase) {}

  @Post()
  @Access('admin', 'city-admin')
  @ApiOkResponse({ type: OrgUnitView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOrgUnitDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrgUnitView> {
    const result = await this.units.create(
      principal,
      { ...dto, parentCode: dto.parentCode ?? null },
      String(req.id),
    );
    void reply.status(result.status === 'created' ? 201 : 200);
    return view(result.unit);
  }

  /** Units of the caller's subtree. */
  @Get()
  @Access('read', ...ALL_STAFF)
  @ApiOkResponse({ description: '{ items: OrgUnitView[], next }: one page, by code' })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<OrgUnitView>> {
    const items = (await this.units.list(principal, page)).map(view);
    return pageOf(items, page.limit ?? 100, (u) => u.code);
  }

  /** CSV `code,name,level,parentCode`; re-importing the same file creates nothing twice. */
  @Post('import')
  @Access('admin', 'city-admin')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'code,name,level,parentCode\n210102,和平区,district,2101' } })
  @ApiOkResponse({ type: ImportReportView })
  async import(
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
    @Req() req: FastifyRequest,
  ): Promise<ImportReportView> {
    return this.units.importCsv(principal, csvBody(body, req), String(req.id));
  }
}
