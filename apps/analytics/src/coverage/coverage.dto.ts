import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsMonth } from '#anlao/platform';
import { COVERAGE_GROUPS } from './coverage-table.js';
import type { CoverageGroup } from './resident-month.js';
import { OptionalUnit, OptionalMonth } from '../reports/report-query.js';

/** Longest trend, in months. */
export const MAX_TREND_MONTHS = 24;

export class CoverageQuery {
  @OptionalUnit()
  unit?: string;

  @OptionalMonth()
  month?: string;

  @ApiPropertyOptional({
    enum: COVERAGE_GROUPS,
    description: 'one group only; default: all and every priority group',
  })
  @IsOptional()
  @IsIn(COVERAGE_GROUPS as CoverageGroup[], { message: `group must be one of ${COVERAGE_GROUPS.join(', ')}` })
  group?: CoverageGroup;
}

export class CoverageTrendQuery {
  @OptionalUnit()
  unit?: string;

  @ApiProperty({ example: '2026-06', description: 'first month, YYYY-MM' })
  @IsMonth()
  from!: string;

  @ApiProperty({
    example: '2026-11',
    description: `last month, YYYY-MM; at most ${MAX_TREND_MONTHS} months in all`,
  })
  @IsMonth()
  to!: string;

  @ApiPropertyOptional({ enum: COVERAGE_GROUPS, description: 'default: all' })
  @IsOptional()
  @IsIn(COVERAGE_GROUPS as CoverageGroup[], { message: `group must be one of ${COVERAGE_GROUPS.join(', ')}` })
  group?: CoverageGroup;
}

export class CoverageCellDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null: suppressed' }) eligible!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'eligible and served; null: suppressed' })
  served!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'served ÷ eligible (0–1, 4 decimals)' }) share!:
    number | null;
}

export class CoverageServicesDto {
  @ApiProperty() visits!: number;
  @ApiProperty() deliveries!: number;
  @ApiProperty({ description: 'session attendances' }) sessions!: number;
}

export class CoverageRowDto {
  @ApiProperty() path!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({
    description: 'per group: eligible, served, share',
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/CoverageCellDto' },
  })
  groups!: Record<string, CoverageCellDto>;
  @ApiProperty({ type: Number, nullable: true, description: 'served in the month, eligible or not' })
  reached!: number | null;
  @ApiProperty({ type: CoverageServicesDto }) services!: CoverageServicesDto;
}

export class CoverageReportDto {
  @ApiProperty({ type: CoverageRowDto }) unit!: CoverageRowDto;
  @ApiProperty() month!: string;
  @ApiProperty({ enum: COVERAGE_GROUPS, isArray: true }) groups!: CoverageGroup[];
  @ApiProperty({ description: 'counts of people below this are suppressed' }) threshold!: number;
  @ApiProperty({ type: [CoverageRowDto], description: "the unit's children, for drill-down" })
  children!: CoverageRowDto[];
}

export class CoverageTrendPointDto {
  @ApiProperty() month!: string;
  @ApiProperty({ type: Number, nullable: true }) eligible!: number | null;
  @ApiProperty({ type: Number, nullable: true }) served!: number | null;
  @ApiProperty({ type: Number, nullable: true }) share!: number | null;
}

export class CoverageTrendDto {
  @ApiProperty() unit!: string;
  @ApiProperty({ enum: COVERAGE_GROUPS }) group!: CoverageGroup;
  @ApiProperty() threshold!: number;
  @ApiProperty({ type: [CoverageTrendPointDto] }) months!: CoverageTrendPointDto[];
}
