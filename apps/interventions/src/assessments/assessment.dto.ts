import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';
import { IsDay } from '#anlao/platform';

export class RecordAssessmentDto {
  @ApiProperty({ example: '2026-11-02' })
  @IsDay()
  assessedOn!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { 'info-1': 4, 'info-2': 3 },
    description:
      'item code → 1-5 (reverse-scored items as answered); categorical question code → option code ' +
      '(or codes, for a multiple-choice question). Every item of the instrument is required.',
  })
  @IsObject()
  answers!: Record<string, unknown>;
}

export class AssessmentView {
  @ApiProperty() residentId!: string;
  @ApiProperty({ enum: ['pre', 'post'] }) phase!: 'pre' | 'post';
  @ApiProperty() instrument!: string;
  @ApiProperty() assessedOn!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    description: 'dimension → mean score',
  })
  dimensions!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } })
  categorical!: Record<string, string[]>;
}

export class AssessmentList {
  @ApiProperty({ type: [AssessmentView] }) items!: AssessmentView[];
}
