import { ApiProperty, PartialType, PickType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import {
  ECONOMIC_STATUSES,
  FAMILY_STATUSES,
  HUKOU,
  LIVING_ARRANGEMENTS,
  SELF_CARE_LEVELS,
  SEXES,
  type EconomicStatus,
  type FamilyStatus,
  type Hukou,
  type LivingArrangement,
  type SelfCareLevel,
  type Sex,
} from './resident.types.js';
import { AGE_BANDS, type AgeBand } from './registry.usecase.js';
import { IsBirthDate, IsDeathDate, IsOrgUnitCode, ListLimit } from '#anlao/platform';

/** The shape of a registration; the rules (ID check digit, consistency, phone) are checked by the domain. */
export class RegisterResidentDto {
  @ApiProperty({ example: '11010519491231002X', description: '18-character national ID (GB 11643)' })
  @IsString()
  @MaxLength(30)
  nationalId!: string;

  @ApiProperty({ example: '王秀英' }) @IsString() @MaxLength(50) name!: string;

  @ApiProperty({ enum: SEXES, required: false, description: 'taken from the ID number when absent' })
  @IsOptional()
  @IsIn(SEXES)
  sex?: Sex;

  @ApiProperty({
    required: false,
    example: '1949-12-31',
    description: 'taken from the ID number when absent',
  })
  @IsOptional()
  @IsBirthDate()
  birthDate?: string;

  @ApiProperty({ example: '13812345678' }) @IsString() @MaxLength(20) phone!: string;
  @ApiProperty({ example: '长白街道 5 号楼 2 单元' }) @IsString() @MaxLength(200) address!: string;

  @ApiProperty({ example: '210102001001' })
  @IsOrgUnitCode()
  communityCode!: string;

  @ApiProperty({ enum: HUKOU }) @IsIn(HUKOU) hukou!: Hukou;
  @ApiProperty({ enum: LIVING_ARRANGEMENTS })
  @IsIn(LIVING_ARRANGEMENTS)
  livingArrangement!: LivingArrangement;
  @ApiProperty({ enum: FAMILY_STATUSES }) @IsIn(FAMILY_STATUSES) familyStatus!: FamilyStatus;
  @ApiProperty({ enum: ECONOMIC_STATUSES }) @IsIn(ECONOMIC_STATUSES) economicStatus!: EconomicStatus;
  @ApiProperty({ enum: SELF_CARE_LEVELS }) @IsIn(SELF_CARE_LEVELS) selfCare!: SelfCareLevel;

  @ApiProperty({ required: false, type: [String], example: ['hearing'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9-]{1,32}$/, { each: true, message: 'disabilities must be short lower-case codes' })
  disabilities?: string[];

  @ApiProperty({ required: false, type: [String], example: ['hypertension'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z0-9-]{1,32}$/, { each: true, message: 'chronicConditions must be short lower-case codes' })
  chronicConditions?: string[];
}

/** What may change without a move or a death: contact details and coded facts. */
export class UpdateResidentDto extends PartialType(
  PickType(RegisterResidentDto, [
    'name',
    'phone',
    'address',
    'hukou',
    'livingArrangement',
    'familyStatus',
    'economicStatus',
    'selfCare',
    'disabilities',
    'chronicConditions',
  ] as const),
) {}

export class MoveResidentDto {
  @ApiProperty({ example: '210102002001' })
  @IsOrgUnitCode()
  communityCode!: string;
}

export class RecordDeathDto {
  @ApiProperty({ example: '2026-11-20', description: 'a calendar day, not in the future, not before birth' })
  @IsDeathDate()
  diedOn!: string;
}

export class LookupResidentDto {
  @ApiProperty({
    example: '11010519491231002X',
    description: 'sent in the body so it stays out of URLs and logs',
  })
  @IsString()
  @MaxLength(30)
  nationalId!: string;
}

export class ListResidentsQuery {
  @ApiProperty({ required: false, description: 'an org-unit code: that unit and below' })
  @IsOptional()
  @IsOrgUnitCode()
  community?: string;

  @ApiProperty({ required: false, enum: LIVING_ARRANGEMENTS })
  @IsOptional()
  @IsIn(LIVING_ARRANGEMENTS)
  livingArrangement?: string;
  @ApiProperty({ required: false, enum: FAMILY_STATUSES })
  @IsOptional()
  @IsIn(FAMILY_STATUSES)
  familyStatus?: string;
  @ApiProperty({ required: false, enum: ECONOMIC_STATUSES })
  @IsOptional()
  @IsIn(ECONOMIC_STATUSES)
  economicStatus?: string;
  @ApiProperty({ required: false, enum: AGE_BANDS }) @IsOptional() @IsIn(AGE_BANDS) ageBand?: AgeBand;

  @ApiProperty({ required: false, example: 'aged-80-plus' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,40}$/, { message: 'category must be a category code' })
  category?: string;

  @ApiProperty({ required: false, enum: ['active', 'deceased'] })
  @IsOptional()
  @IsIn(['active', 'deceased'])
  status?: 'active' | 'deceased';

  @ApiProperty({ required: false, description: 'the last residentId of the previous page' })
  @IsOptional()
  @Matches(/^r-[a-z0-9]{1,32}$/, { message: 'after must be a residentId' })
  after?: string;

  @ListLimit()
  limit?: number;
}
