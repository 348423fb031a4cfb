import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  Matches,
  ValidateNested,
} from 'class-validator';
import { VisitActivity } from '#anlao/events';

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

  @ApiProperty({ example: '2026-11-25T01:30:00Z' })
  @IsISO8601({ strict: true, strictSeparator: true })
  checkInAt!: string;

  @ApiProperty({ required: false, nullable: true, example: '2026-11-25T04:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true })
  checkOutAt?: string | null;
}

export class RecordVisitsDto {
  @ApiProperty({ type: [VisitInput], minItems: 1, maxItems: MAX_VISITS_PER_REQUEST })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_VISITS_PER_REQUEST)
  @ValidateNested({ each: true })
  @Type(() => VisitInput)
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
