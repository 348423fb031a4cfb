import { ApiProperty, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { VisitActivity, VisitVoidReason } from '#anlao/events';
import { IsInstant, NestedList } from '#anlao/platform';
import type { RejectionCode } from './visit-rules.js';

export const MAX_VISITS_PER_REQUEST = 1_000;

export class VisitInput {
  @ApiProperty({
    description: "the centre's own id for this visit; resubmitting it is harmless",
    example: 'v-20261125-0001',
  })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'visitId must be 1-64 letters, digits, ., _ or -' })
  visitId!: string;

  @ApiProperty({
    required: false,
    description: 'the resident id issued by the residents service (or give cardNumber)',
    example: 'r-000123',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'residentId must be 1-64 letters, digits, ., _ or -' })
  residentId?: string;

  @ApiProperty({ required: false, description: 'the swiped service card number (or give residentId)' })
  @IsOptional()
  @Matches(/^\d{16}$/, { message: 'cardNumber must be 16 digits' })
  cardNumber?: string;

  @ApiProperty({ required: false, enum: VisitActivity.options, description: 'required with checkInAt' })
  @IsOptional()
  @IsIn(VisitActivity.options)
  activity?: VisitActivity;

  @ApiProperty({
    required: false,
    example: '2026-11-25T01:30:00Z',
    description:
      'with a zone (Z or ±hh:mm); from 2000-01-01, at most a day ahead. Absent: the item is the check-out of a visit reported before',
  })
  @IsOptional()
  @IsInstant()
  checkInAt?: string;

  @ApiProperty({ required: false, nullable: true, example: '2026-11-25T04:00:00Z' })
  @IsOptional()
  @IsInstant()
  checkOutAt?: string | null;
}

export class RecordVisitsDto {
  @ApiProperty({ type: [VisitInput], minItems: 1, maxItems: MAX_VISITS_PER_REQUEST })
  @NestedList(() => VisitInput, { min: 1, max: MAX_VISITS_PER_REQUEST })
  visits!: VisitInput[];
}

export type VisitStatus = 'recorded' | 'duplicate' | 'conflict' | 'rejected';

export class VisitResult {
  @ApiProperty() visitId!: string;
  @ApiProperty({ enum: ['recorded', 'duplicate', 'conflict', 'rejected'] }) status!: VisitStatus;
  @ApiProperty({ required: false, description: 'why it was rejected (see the README for every code)' })
  code?: RejectionCode;
  @ApiProperty({ required: false }) reason?: string;
  @ApiProperty({ required: false, description: 'true: the same item may succeed later (resident.unknown)' })
  retryable?: true;
}

export class RecordVisitsResponse {
  @ApiProperty({ type: [VisitResult], description: 'one per item, in the order sent' })
  results!: VisitResult[];
  @ApiProperty() recorded!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() conflicts!: number;
  @ApiProperty() rejected!: number;
}

/** One visit reported on its own (`PUT /centres/{centreId}/visits/{visitId}`): the id is in the path. */
export class SingleVisitInput extends OmitType(VisitInput, ['visitId'] as const) {}

export class VoidVisitDto {
  @ApiProperty({ enum: VisitVoidReason.options })
  @IsIn(VisitVoidReason.options)
  reason!: VisitVoidReason;

  @ApiProperty({
    required: false,
    nullable: true,
    maxLength: 500,
    description: 'why, for the centre and its unit; kept in this service only (never in an event)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string | null;
}

export class VisitVoidView {
  @ApiProperty() visitId!: string;
  @ApiProperty() residentId!: string;
  @ApiProperty({ enum: VisitVoidReason.options }) voidReason!: VisitVoidReason;
  @ApiProperty() voidedAt!: string;
  @ApiProperty() voidedBy!: string;
  @ApiProperty({ description: 'false: it had been voided before; the first void stands' })
  voidedNow!: boolean;
}
