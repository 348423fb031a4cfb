import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsMonth, IsOrgUnitPath, ListLimit, RECORD_ID } from '#anlao/platform';
import { DEFAULT_RANGE_MONTHS, MAX_RANGE_MONTHS } from './report-range.js';
import { OptionalUnit } from '../reports/report-query.js';

const THEME = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class InterventionsQuery {
  @OptionalUnit()
  unit?: string;

  @ApiPropertyOptional({
    example: '2026-01',
    description: `first month, YYYY-MM; default: ${DEFAULT_RANGE_MONTHS} months ending at \`to\``,
  })
  @IsOptional()
  @IsMonth()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-12',
    description: `last month, YYYY-MM (default: the city's current month); at most ${MAX_RANGE_MONTHS} months in all`,
  })
  @IsOptional()
  @IsMonth()
  to?: string;
}

export class InterventionOutcomesQuery {
  @ApiPropertyOptional({
    example: '2101.210102',
    description:
      "org unit; staff: default the caller's own; an organisation: its own programmes, within the unit if given",
  })
  @IsOptional()
  @IsOrgUnitPath()
  unit?: string;

  @ApiPropertyOptional({
    example: 'smartphone-use',
    description: "a programme theme's code",
    maxLength: 60,
    pattern: THEME.source,
  })
  @IsOptional()
  @Matches(THEME, { message: 'theme must be a code: lower-case letters and digits joined by single dashes' })
  @Matches(/^.{1,60}$/, { message: 'theme must be at most 60 characters' })
  theme?: string;

  @ApiPropertyOptional({
    description: 'the `next` value of the previous page (a programme id)',
    pattern: RECORD_ID.source,
  })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'after must be the next value of a previous page' })
  after?: string;

  @ListLimit()
  limit?: number;
}
