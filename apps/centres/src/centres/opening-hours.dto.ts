/** The wire shape of `openingHours` and its checks; the rules themselves are in opening-hours.ts. */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches, ValidateBy, type ValidationArguments } from 'class-validator';
import { NestedList } from '#anlao/platform';
import {
  FROM_TIME,
  intervalsProblem,
  MAX_INTERVALS_PER_DAY,
  TO_TIME,
  WEEKDAYS,
  type OpeningInterval,
} from './opening-hours.js';

export class OpeningIntervalDto {
  @ApiProperty({ example: '08:00', pattern: FROM_TIME.source, description: 'city-local HH:MM' })
  @Matches(FROM_TIME, { message: 'from must be a time HH:MM (00:00-23:59)' })
  from!: string;

  @ApiProperty({
    example: '17:30',
    pattern: TO_TIME.source,
    description: 'city-local HH:MM after `from` (24:00: midnight)',
  })
  @Matches(TO_TIME, { message: 'to must be a time HH:MM (00:01-24:00)' })
  to!: string;
}

/** A day's intervals: each `from` < `to`, none overlapping; a rule over the list, so named on the day. */
function ValidDayIntervals(): PropertyDecorator {
  return ValidateBy({
    name: 'validDayIntervals',
    validator: {
      validate: (value: unknown) =>
        !Array.isArray(value) ||
        !value.every((i) => typeof i === 'object' && i !== null) ||
        intervalsProblem(value as OpeningInterval[]) === null,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property ?? 'day'}: ${intervalsProblem(args?.value as OpeningInterval[]) ?? 'bad intervals'}`,
    },
  });
}

/** One weekday's intervals: optional, at most four objects, each checked, together consistent. */
function WeekdayIntervals(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      required: false,
      type: [OpeningIntervalDto],
      maxItems: MAX_INTERVALS_PER_DAY,
      description: 'absent or []: closed that day',
    }),
    IsOptional(),
    NestedList(() => OpeningIntervalDto, { max: MAX_INTERVALS_PER_DAY }),
    ValidDayIntervals(),
  );
}

export class OpeningHoursDto {
  @WeekdayIntervals() mon?: OpeningIntervalDto[];
  @WeekdayIntervals() tue?: OpeningIntervalDto[];
  @WeekdayIntervals() wed?: OpeningIntervalDto[];
  @WeekdayIntervals() thu?: OpeningIntervalDto[];
  @WeekdayIntervals() fri?: OpeningIntervalDto[];
  @WeekdayIntervals() sat?: OpeningIntervalDto[];
  @WeekdayIntervals() sun?: OpeningIntervalDto[];
}

/** Hours that open on no day would refuse every visit: leave them out (or null) for no restriction. */
export function OpensSomeDay(): PropertyDecorator {
  return ValidateBy({
    name: 'opensSomeDay',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'object' ||
        value === null ||
        WEEKDAYS.some((d) => {
          const intervals = (value as Record<string, unknown>)[d];
          return Array.isArray(intervals) && intervals.length > 0;
        }),
      defaultMessage: () =>
        'openingHours must open on at least one day (leave it out or null for no hours restriction)',
    },
  });
}
