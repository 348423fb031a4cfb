import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  OrderCancelReason,
  OrderDeclineReason,
  OrderFailureReason,
  OrderStateCode,
  ServiceType,
} from '#anlao/events';
import { IsInstant, ListLimit } from '#anlao/platform';
import { RECORD_ID } from '../shared/ids.js';

const RESIDENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An appointment may be booked up to sixty days ahead. */
const SCHEDULE_AHEAD_MS = 60 * 24 * 3_600_000;

export class CreateOrderDto {
  @ApiProperty({
    required: false,
    description: 'the elder’s service card number, read out on the call (or residentId)',
  })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'cardNumber must be 16 digits' })
  cardNumber?: string;

  @ApiProperty({ required: false, description: 'the resident id (or cardNumber)' })
  @IsOptional()
  @Matches(RESIDENT_ID, { message: 'residentId must be 1-64 letters, digits, _ or -' })
  residentId?: string;

  @ApiProperty({ enum: ServiceType.options, example: 'meal-assistance' })
  @IsIn(ServiceType.options)
  serviceType!: ServiceType;

  @ApiProperty({
    required: false,
    maxLength: 500,
    description: 'for the provider: where, what; never published',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class DeclineOrderDto {
  @ApiProperty({ enum: OrderDeclineReason.options })
  @IsIn(OrderDeclineReason.options)
  reason!: OrderDeclineReason;
}

export class ScheduleOrderDto {
  @ApiProperty({ format: 'date-time', description: 'when the worker will be there; at most 60 days ahead' })
  @IsInstant({ maxAheadMs: SCHEDULE_AHEAD_MS })
  scheduledFor!: string;
}

export class DeliverOrderDto {
  @ApiProperty({ description: 'the provider’s worker id' })
  @Matches(RECORD_ID, { message: 'workerId must be 1-64 letters, digits or dashes' })
  workerId!: string;

  @ApiProperty({ format: 'date-time' })
  @IsInstant({ maxAheadMs: 5 * 60_000 })
  startedAt!: string;

  @ApiProperty({ format: 'date-time', description: 'after startedAt, within 24 hours of it' })
  @IsInstant({ maxAheadMs: 5 * 60_000 })
  endedAt!: string;
}

export class FailOrderDto {
  @ApiProperty({ enum: OrderFailureReason.options })
  @IsIn(OrderFailureReason.options)
  reason!: OrderFailureReason;
}

export class CancelOrderDto {
  @ApiProperty({ enum: OrderCancelReason.options })
  @IsIn(OrderCancelReason.options)
  reason!: OrderCancelReason;
}

export class RateOrderDto {
  @ApiProperty({ minimum: 1, maximum: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating!: number;

  @ApiProperty({ required: false, maxLength: 1000, description: 'the elder’s complaint, in their words' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  complaint?: string;
}

export class ListOrdersQuery {
  @ApiProperty({ required: false, description: 'the last orderId of the previous page' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'after must be an orderId' })
  after?: string;

  @ListLimit()
  limit?: number;

  @ApiProperty({ required: false, enum: OrderStateCode.options })
  @IsOptional()
  @IsIn(OrderStateCode.options)
  status?: OrderStateCode;

  @ApiProperty({ required: false, type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unassigned?: boolean;

  @ApiProperty({ required: false, type: Boolean, description: 'open orders past their type’s target' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;
}

export class OrderHistoryEntryView {
  @ApiProperty({ description: 'the event that recorded the step', example: 'order.accepted' }) event!: string;
  @ApiProperty({ format: 'date-time', description: 'when it happened (the event’s occurredAt)' }) at!: string;
}

export class OrderView {
  @ApiProperty() orderId!: string;
  @ApiProperty() residentId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty({ enum: ServiceType.options }) serviceType!: ServiceType;
  @ApiProperty({ enum: OrderStateCode.options }) state!: OrderStateCode;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ nullable: true, type: String }) contractId!: string | null;
  @ApiProperty({ nullable: true, type: String }) providerId!: string | null;
  @ApiProperty({ nullable: true, type: Number }) priceFen!: number | null;
  @ApiProperty() unassigned!: boolean;
  @ApiProperty({ nullable: true, type: String }) scheduledFor!: string | null;
  @ApiProperty({ nullable: true, type: String }) workerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: Number }) rating!: number | null;
  @ApiProperty({ nullable: true, type: String }) complaint!: string | null;
  @ApiProperty({ nullable: true, enum: ['basic-care', 'living-services'] }) paymentPart!:
    'basic-care' | 'living-services' | null;
  @ApiProperty({ nullable: true, type: Number, description: 'paid by the wallet (fen)' }) subsidyFen!:
    number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'the elder’s share (fen)' }) copaymentFen!:
    number | null;
  @ApiProperty({ description: 'paid in full as the category’s free experience service' })
  freeExperience!: boolean;
  @ApiProperty() targetMinutes!: number;
  @ApiProperty({ nullable: true, type: Number }) minutesToStart!: number | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() late!: boolean;
  @ApiProperty({
    type: [OrderHistoryEntryView],
    description: 'every step in order (empty for orders stored before steps were kept)',
  })
  history!: OrderHistoryEntryView[];
  @ApiProperty() revision!: number;
}

export class OrderList {
  @ApiProperty({ type: [OrderView] }) items!: OrderView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}
