import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
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
import { IsDay, RECORD_ID } from '#anlao/platform';

export const WITHDRAW_REASONS = ['moved-away', 'ill-health', 'lost-interest', 'deceased', 'other'] as const;

export class WithdrawMemberDto {
  @ApiProperty({ enum: WITHDRAW_REASONS })
  @IsIn(WITHDRAW_REASONS)
  reason!: (typeof WITHDRAW_REASONS)[number];
}

export class MemberView {
  @ApiProperty() residentId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty({ enum: ['enrolled', 'withdrawn'] }) status!: 'enrolled' | 'withdrawn';
  @ApiProperty({ nullable: true, enum: WITHDRAW_REASONS }) withdrawReason!: string | null;
  @ApiProperty({ description: 'sessions attended' }) attended!: number;
  @ApiProperty({ description: 'meets the programme’s completion rule' }) completing!: boolean;
}

export class MemberList {
  @ApiProperty({ type: [MemberView] }) items!: MemberView[];
}

export class RecordSessionDto {
  @ApiProperty({ example: '2026-11-20' })
  @IsDay()
  heldOn!: string;

  @ApiProperty({ example: '认识智能手机', description: 'kept here, never in events' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  topic!: string;

  @ApiProperty({ required: false, description: 'the programme’s facilitator when absent' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'facilitatorWorkerId must be a worker id' })
  facilitatorWorkerId?: string;

  @ApiProperty({ type: [String], description: 'enrolled members present' })
  @IsArray()
  @ArrayMaxSize(200)
  @Matches(RECORD_ID, { each: true, message: 'each attendee must be a resident id' })
  attendeeIds!: string[];

  @ApiProperty({ required: false, description: 'short process notes: kept here, never in events' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class SessionNoParam {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(52)
  sessionNo!: number;
}

export class SessionView {
  @ApiProperty() sessionNo!: number;
  @ApiProperty() heldOn!: string;
  @ApiProperty() topic!: string;
  @ApiProperty() facilitatorWorkerId!: string;
  @ApiProperty({ type: [String] }) attendeeIds!: string[];
  @ApiProperty({ nullable: true, type: String, description: 'the organisation’s own notes; null for staff' })
  notes!: string | null;
}

export class SessionList {
  @ApiProperty({ type: [SessionView] }) items!: SessionView[];
}
