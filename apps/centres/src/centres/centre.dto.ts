import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
import { CentreKind } from '#anlao/events';
import { IsOrgUnitPath } from '#anlao/platform';

export const CENTRE_ID = /^[A-Za-z0-9-]{1,64}$/;

export class RegisterCentreDto {
  @ApiProperty({ example: '和平区长白街道日间照料中心' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: CentreKind.options })
  @IsIn(CentreKind.options)
  kind!: CentreKind;

  @ApiProperty({
    example: '2101.210102.210102001.210102001001',
    description: 'org-unit path of the community served',
  })
  @IsOrgUnitPath()
  communityPath!: string;

  @ApiProperty({ example: 40 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  capacity!: number;

  @ApiProperty({
    required: false,
    default: false,
    description: 'true: only residents of communityPath may visit (others: rejected resident.outside-area)',
  })
  @IsOptional()
  @IsBoolean()
  communityOnly?: boolean;
}

export class CentreView {
  @ApiProperty() centreId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CentreKind.options }) kind!: CentreKind;
  @ApiProperty() communityPath!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() communityOnly!: boolean;
}

export class ListCentresQuery {
  @ApiProperty({ required: false, description: 'the last centreId of the previous page' })
  @IsOptional()
  @Matches(CENTRE_ID, { message: 'after must be a centreId' })
  after?: string;

  @ApiProperty({ required: false, minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class CentreList {
  @ApiProperty({ type: [CentreView] }) items!: CentreView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` for the next page' }) next!:
    string | null;
}
