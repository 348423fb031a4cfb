import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsMonth, IsOrgUnitPath } from '#anlao/platform';

/** A report query's `unit`: documented and validated alike wherever a report is scoped to a unit. */
export const OptionalUnit = () =>
  applyDecorators(
    ApiPropertyOptional({ example: '2101.210102', description: "org unit; default: the caller's own" }),
    IsOptional(),
    IsOrgUnitPath(),
  );

/** A report query's `month`, for the reports of one month. */
export const OptionalMonth = () =>
  applyDecorators(
    ApiPropertyOptional({ example: '2026-11', description: "YYYY-MM; default: the city's current month" }),
    IsOptional(),
    IsMonth(),
  );
