import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { VisitActivity, VisitVoidReason } from '#anlao/events';
import { IsDay, IsPeriodEnd, MAX_PAGE } from '#anlao/platform';
import { CURVE_STEP_MINUTES, type CurveStepMinutes } from './occupancy.js';
import { DAY_CURSOR, HISTORY_CURSOR, type VisitState } from './visit-views.js';

export const RESIDENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
/** Longest export, in days after `from` (so 366 days in all). */
export const MAX_EXPORT_DAYS_AFTER_FROM = 365;
const STATES: VisitState[] = ['open', 'closed', 'voided'];

class Limit {
  @ApiProperty({ required: false, default: 100, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export class DayVisitsQuery extends Limit {
  @ApiProperty({ example: '2026-11-25', description: 'city-local day of the check-in' })
  @IsDay()
  day!: string;

  @ApiProperty({ required: false, enum: VisitActivity.options })
  @IsOptional()
  @IsIn(VisitActivity.options)
  activity?: VisitActivity;

  @ApiProperty({ required: false, example: 'r-000123' })
  @IsOptional()
  @Matches(RESIDENT_ID, { message: 'residentId must be 1-64 letters, digits, ., _ or -' })
  residentId?: string;

  @ApiProperty({ required: false, enum: ['true', 'false'], default: 'false' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeVoided?: 'true' | 'false';

  @ApiProperty({ required: false, description: 'the `next` value of the previous page' })
  @IsOptional()
  @Matches(DAY_CURSOR, { message: 'after must be the next value of a previous page' })
  after?: string;
}

export class HistoryQuery extends Limit {
  @ApiProperty({ required: false, description: 'the `next` value of the previous page' })
  @IsOptional()
  @Matches(HISTORY_CURSOR, { message: 'after must be the next value of a previous page' })
  after?: string;
}

export class CurveQuery {
  @ApiProperty({ example: '2026-11-25', description: 'city-local day' })
  @IsDay()
  day!: string;

  @ApiProperty({ required: false, enum: CURVE_STEP_MINUTES, default: 15 })
  @IsOptional()
  @Type(() => Number)
  @IsIn([...CURVE_STEP_MINUTES])
  stepMinutes?: CurveStepMinutes;
}

export class ExportQuery {
  @ApiProperty({ example: '2026-11-01', description: 'first city-local day, inclusive' })
  @IsDay()
  from!: string;

  @ApiProperty({
    example: '2026-11-30',
    description: 'last city-local day, inclusive; at most 366 days in all',
  })
  @IsDay()
  @IsPeriodEnd('from', MAX_EXPORT_DAYS_AFTER_FROM)
  to!: string;
}

export class VisitItemView {
  @ApiProperty() visitId!: string;
  @ApiProperty() residentId!: string;
  @ApiProperty({ enum: VisitActivity.options }) activity!: VisitActivity;
  @ApiProperty() checkInAt!: string;
  @ApiProperty({ nullable: true, type: String }) checkOutAt!: string | null;
  @ApiProperty({ enum: STATES }) status!: VisitState;
  @ApiProperty({ nullable: true, enum: VisitVoidReason.options }) voidReason!: VisitVoidReason | null;
}

export class DayVisitsPage {
  @ApiProperty({ type: [VisitItemView] }) items!: VisitItemView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` for the next page' })
  next!: string | null;
}

export class HistoryItemView extends VisitItemView {
  @ApiProperty() centreId!: string;
  @ApiProperty({ example: '2026-11-25' }) day!: string;
}

export class HistoryPage {
  @ApiProperty({ type: [HistoryItemView] }) items!: HistoryItemView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` for the next page' })
  next!: string | null;
}

export class OpenVisitView {
  @ApiProperty() visitId!: string;
  @ApiProperty() residentId!: string;
  @ApiProperty() checkInAt!: string;
}

export class OccupancyView {
  @ApiProperty() centreId!: string;
  @ApiProperty({ description: 'the instant counted' }) at!: string;
  @ApiProperty({ description: 'residents checked in and not (yet) checked out' }) present!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'present / capacity; null without places' })
  share!: number | null;
  @ApiProperty({ type: [OpenVisitView], description: 'the open visits, by check-in' })
  items!: OpenVisitView[];
}

export class CurvePointView {
  @ApiProperty() at!: string;
  @ApiProperty({ example: '09:30', description: 'city-local time' }) time!: string;
  @ApiProperty() present!: number;
}

export class CurveView {
  @ApiProperty() centreId!: string;
  @ApiProperty() day!: string;
  @ApiProperty({ enum: CURVE_STEP_MINUTES }) stepMinutes!: number;
  @ApiProperty() capacity!: number;
  @ApiProperty({ type: CurvePointView, nullable: true }) peak!: CurvePointView | null;
  @ApiProperty({ type: [CurvePointView], description: 'from local midnight, every step, none after now' })
  points!: CurvePointView[];
}
