import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsDay, IsPeriodEnd } from '#anlao/platform';

/** Longest report period, in days after `from` (so 366 days in all). */
export const MAX_PERIOD_DAYS_AFTER_FROM = 365;

export class DailyVisitsQuery {
  @ApiProperty({ example: 'c-heping-001' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'centreId must be 1-64 letters, digits or dashes' })
  centreId!: string;

  @ApiProperty({ example: '2026-11-01', description: 'first local day, inclusive' })
  @IsDay()
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'last local day, inclusive; at most 366 days in all' })
  @IsDay()
  @IsPeriodEnd('from', MAX_PERIOD_DAYS_AFTER_FROM)
  to!: string;
}

export class DailyVisits {
  @ApiProperty() day!: string;
  @ApiProperty({ description: 'visits that count: recorded minus voided' }) visits!: number;
  @ApiProperty({ description: 'visits recorded that day and later voided by staff' }) voided!: number;
}

export class DailyVisitsResponse {
  @ApiProperty() centreId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() total!: number;
  @ApiProperty({
    type: [DailyVisits],
    description: 'days with at least one visit recorded (voided ones included)',
  })
  days!: DailyVisits[];
}
