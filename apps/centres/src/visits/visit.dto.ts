import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { VisitActivity } from '#anlao/events';
import { IsInstant, NestedList } from '#anlao/platform';

export const MAX_VISITS_PER_REQUEST = 500;

export class VisitInput {
  @ApiProperty({
    description: "the centre's own id for this visit; resubmitting it is harmless",
    example: 'v-20261125-0001',
  })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'visitId must be 1-64 letters, digits, ., _ or -' })
  visitId!: string;

  @ApiProperty({ description: 'the resident id issued by the residents service', example: 'r-000123' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'residentId must be 1-64 letters, digits, ., _ or -' })
  residentId!: string;

  @ApiProperty({ enum: VisitActivity.options })
  @IsIn(VisitActivity.options)
  activity!: VisitActivity;

  @ApiProperty({
    example: '2026-11-25T01:30:00Z',
    description: 'with a zone (Z or ±hh:mm); from 2000-01-01, at most a day ahead',
  })
  @IsInstant()
  checkInAt!: string;

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

export class VisitResult {
  @ApiProperty() visitId!: string;
  @ApiProperty({ enum: ['recorded', 'duplicate', 'conflict'] }) status!:
    'recorded' | 'duplicate' | 'conflict';
}

export class RecordVisitsResponse {
  @ApiProperty({ type: [VisitResult] }) results!: VisitResult[];
  @ApiProperty() recorded!: number;
  @ApiProperty() duplicates!: number;
  @ApiProperty() conflicts!: number;
}
