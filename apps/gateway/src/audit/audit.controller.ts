import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsISO8601, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Access, CurrentPrincipal, scopeFilter, type Principal } from '#anlao/auth';
import { AuditLog } from './audit.service.js';

export class AuditQuery {
  @ApiProperty({ required: false, example: 'auth.sign-in-failed' })
  @IsOptional()
  @Matches(/^[a-z-]+(\.[a-z-]+)+$/, { message: 'action must be a dot-case action code' })
  action?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'actorId must be an id' })
  actorId?: string;

  @ApiProperty({ required: false, description: 'entries strictly before this instant (paging)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  before?: string;

  @ApiProperty({ required: false, default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AuditEntryView {
  @ApiProperty() at!: string;
  @ApiProperty() action!: string;
  @ApiProperty() actorKind!: string;
  @ApiProperty({ nullable: true, type: String }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorRole!: string | null;
  @ApiProperty() orgUnit!: string;
  @ApiProperty({ nullable: true, type: String }) target!: string | null;
  @ApiProperty() outcome!: string;
  @ApiProperty() correlationId!: string;
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /** The audit trail of the caller's unit, newest first. */
  @Get()
  @Access('auditor', 'city-admin')
  @ApiOkResponse({ type: [AuditEntryView] })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: AuditQuery,
  ): Promise<AuditEntryView[]> {
    const entries = await this.audit.query(scopeFilter(principal, { orgUnit: 'orgUnit' }), {
      action: query.action,
      actorId: query.actorId,
      before: query.before ? new Date(query.before) : undefined,
      limit: query.limit ?? 100,
    });
    return entries.map((e) => ({
      at: e.at.toISOString(),
      action: e.action,
      actorKind: e.actorKind,
      actorId: e.actorId,
      actorRole: e.actorRole,
      orgUnit: e.orgUnit,
      target: e.target,
      outcome: e.outcome,
      correlationId: e.correlationId,
    }));
  }
}
