import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Access, CurrentPrincipal, scopeFilter, type Principal } from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import type { AuditEntry } from './audit-entry.schema.js';
import { AuditLog } from './audit.service.js';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([0-9a-f-]{36})$/;

export class AuditQuery {
  @ApiProperty({ required: false, example: 'personal-data.read' })
  @IsOptional()
  @Matches(/^[a-z-]+(\.[a-z-]+)+$/, { message: 'action must be a dot-case action code' })
  action?: string;

  @ApiProperty({ required: false, description: 'the acting account or API client id' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'actorId must be an id' })
  actorId?: string;

  @ApiProperty({ required: false, description: 'an id acted on or shown, e.g. a resident id' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,100}$/, { message: 'target must be an id' })
  target?: string;

  @ApiProperty({ required: false, description: 'entries at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'from must carry a time zone' })
  from?: string;

  @ApiProperty({ required: false, description: 'entries before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  @Matches(/(Z|[+-]\d{2}:\d{2})$/, { message: 'to must carry a time zone' })
  to?: string;

  @ApiProperty({ required: false, description: 'the `next` cursor of the previous page' })
  @IsOptional()
  @Matches(CURSOR, { message: 'cursor must be the next value of a previous page' })
  cursor?: string;

  @ApiProperty({ required: false, default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() service!: string;
  @ApiProperty() action!: string;
  @ApiProperty() auditClass!: string;
  @ApiProperty() actorKind!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty() orgUnit!: string;
  @ApiProperty({ nullable: true, type: String }) route!: string | null;
  @ApiProperty({ type: [String] }) targets!: string[];
  @ApiProperty({ nullable: true, type: Object }) filter!: Record<string, string> | null;
  @ApiProperty({ nullable: true, type: Number }) count!: number | null;
  @ApiProperty() outcome!: string;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ description: 'its hash chain and place in it (see npm run audit:verify)' })
  chain!: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditEntryView] }) items!: AuditEntryView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

function viewOf(e: AuditEntry): AuditEntryView {
  return {
    id: e._id,
    at: e.at.toISOString(),
    service: e.service,
    action: e.action,
    auditClass: e.auditClass,
    actorKind: e.actorKind,
    actorId: e.actorId,
    actorRole: e.actorRole,
    orgUnit: e.orgUnit,
    route: e.route,
    targets: e.targets,
    filter: e.filter,
    count: e.count,
    outcome: e.outcome,
    correlationId: e.correlationId,
    chain: `${e.chain}:${e.seq}`,
  };
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /**
   * The audit trail of the caller's unit, newest first: every personal read,
   * list, write and administrative action, from every service, filtered by
   * actor, target, action and period; paged by cursor.
   */
  @Get()
  @Access('admin', 'auditor', 'city-admin')
  @ApiOkResponse({ type: AuditPage })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: AuditQuery): Promise<AuditPage> {
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) {
      throw new DomainError('invalid', 'request.invalid', 'from must not be after to', [
        { field: 'from', message: 'from must not be after to' },
      ]);
    }
    const cursor = query.cursor ? CURSOR.exec(query.cursor) : null;
    const limit = query.limit ?? 100;
    const entries = await this.audit.query(scopeFilter(principal, { orgUnit: 'orgUnit' }), {
      action: query.action,
      actorId: query.actorId,
      target: query.target,
      from,
      to,
      before: cursor ? { at: new Date(cursor[1] ?? ''), id: cursor[2] ?? '' } : undefined,
      limit,
    });
    const last = entries.at(-1);
    return {
      items: entries.map(viewOf),
      next: entries.length === limit && last ? `${last.at.toISOString()}~${last._id}` : null,
    };
  }
}
