import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { CentreDeactivationReason, CentreKind, VisitActivity } from '#anlao/events';
import { IsOrgUnitPath, NestedObject, ListLimit } from '#anlao/platform';
import { OpeningHoursDto, OpensSomeDay } from './opening-hours.dto.js';
import type { CentreStatus } from './centre.schema.js';

export const CENTRE_ID = /^[A-Za-z0-9-]{1,64}$/;

export class LocationDto {
  @ApiProperty({ example: 41.7968, minimum: -90, maximum: 90, description: 'WGS 84 degrees' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @ApiProperty({ example: 123.4294, minimum: -180, maximum: 180, description: 'WGS 84 degrees' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;
}

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

  @ApiProperty({
    required: false,
    nullable: true,
    type: String,
    example: 'org-0042',
    pattern: CENTRE_ID.source,
    description: 'the organisation running it (its id: letters, digits or dashes); null: none',
  })
  @IsOptional()
  @Matches(CENTRE_ID, { message: 'operatorId must be 1-64 letters, digits or dashes' })
  operatorId?: string | null;

  @ApiProperty({
    required: false,
    nullable: true,
    type: OpeningHoursDto,
    description:
      'city-local intervals per weekday (mon..sun, at most 4 a day); absent or null: visits at any time',
  })
  @IsOptional()
  @NestedObject(() => OpeningHoursDto)
  @OpensSomeDay()
  openingHours?: OpeningHoursDto | null;

  @ApiProperty({ required: false, enum: VisitActivity.options, isArray: true, uniqueItems: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(VisitActivity.options.length)
  @ArrayUnique({ message: 'activities must not repeat an activity' })
  @IsIn(VisitActivity.options, { each: true })
  activities?: VisitActivity[];

  @ApiProperty({ required: false, nullable: true, type: LocationDto })
  @IsOptional()
  @NestedObject(() => LocationDto)
  location?: LocationDto | null;
}

/** Any subset of the registration's fields; null clears operatorId, openingHours or location. */
export class UpdateCentreDto extends PartialType(RegisterCentreDto) {}

export class DeactivateCentreDto {
  @ApiProperty({ enum: CentreDeactivationReason.options })
  @IsIn(CentreDeactivationReason.options)
  reason!: CentreDeactivationReason;
}

export class CentreView {
  @ApiProperty() centreId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: CentreKind.options }) kind!: CentreKind;
  @ApiProperty() communityPath!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() communityOnly!: boolean;
  @ApiProperty({ nullable: true, type: String }) operatorId!: string | null;
  @ApiProperty({
    nullable: true,
    type: OpeningHoursDto,
    description: 'every weekday, [] when closed; null: no hours restriction',
  })
  openingHours!: OpeningHoursDto | null;
  @ApiProperty({ enum: VisitActivity.options, isArray: true }) activities!: VisitActivity[];
  @ApiProperty({ nullable: true, type: LocationDto }) location!: LocationDto | null;
  @ApiProperty({ enum: ['active', 'inactive'] }) status!: CentreStatus;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deactivatedAt!: string | null;
  @ApiProperty({ nullable: true, enum: CentreDeactivationReason.options })
  deactivationReason!: CentreDeactivationReason | null;
}

export class ListCentresQuery {
  @ApiProperty({ required: false, description: 'the last centreId of the previous page' })
  @IsOptional()
  @Matches(CENTRE_ID, { message: 'after must be a centreId' })
  after?: string;

  @ListLimit()
  limit?: number;

  @ApiProperty({ required: false, enum: CentreKind.options })
  @IsOptional()
  @IsIn(CentreKind.options)
  kind?: CentreKind;

  @ApiProperty({
    required: false,
    example: '2101.210102.210102001',
    description: 'org-unit path: centres serving that unit or a unit below it',
  })
  @IsOptional()
  @IsOrgUnitPath()
  community?: string;

  @ApiProperty({ required: false, enum: ['active', 'inactive'] })
  @IsOptional()
  @IsIn(['active', 'inactive'])
  status?: CentreStatus;
}

export class CentreList {
  @ApiProperty({ type: [CentreView] }) items!: CentreView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` for the next page' }) next!:
    string | null;
}
