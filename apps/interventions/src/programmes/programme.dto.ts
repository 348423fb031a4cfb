import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
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
import {
  ELIGIBILITY_CATEGORY_CODE,
  INSTRUMENT_KEY,
  InterventionTheory,
  PriorityGroup,
  ProgrammeStatus,
} from '#anlao/events';
import { IsOrgUnitPath, NestedObject, RECORD_ID, ListLimit } from '#anlao/platform';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class ProgrammeTargetGroupsDto {
  @ApiProperty({ type: [String], example: [], description: 'eligibility category codes' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ELIGIBILITY_CATEGORY_CODE, { each: true, message: 'each category must be 2-40 of a-z, 0-9, -' })
  eligibilityCategories!: string[];

  @ApiProperty({ enum: PriorityGroup.options, isArray: true, example: ['rural-hukou'] })
  @IsArray()
  @ArrayMaxSize(PriorityGroup.options.length)
  @IsIn(PriorityGroup.options, { each: true })
  priorityGroups!: PriorityGroup[];
}

export class RegisterProgrammeDto {
  @ApiProperty({
    example: '智能手机学习小组',
    description: 'the organisation’s title; kept here, never in events',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title!: string;

  @ApiProperty({ example: 'smartphone-skills', description: 'a theme code (kebab-case)' })
  @Matches(CODE, { message: 'theme must be a kebab-case code' })
  @MaxLength(60)
  theme!: string;

  @ApiProperty({ enum: InterventionTheory.options, isArray: true, example: ['empowerment'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(InterventionTheory.options, { each: true })
  theories!: InterventionTheory[];

  @ApiProperty({ type: ProgrammeTargetGroupsDto })
  @NestedObject(() => ProgrammeTargetGroupsDto)
  targetGroups!: ProgrammeTargetGroupsDto;

  @ApiProperty({
    example: '2101.210102.210102001.210102001001',
    description: 'the community or street it serves',
  })
  @IsOrgUnitPath()
  communityPath!: string;

  @ApiProperty({ minimum: 1, maximum: 52, example: 6 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(52)
  plannedSessions!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 52,
    example: 5,
    description: 'a member completes by attending at least this many',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(52)
  minSessionsAttended!: number;

  @ApiProperty({ example: 'w-1', description: 'an active worker of the organisation' })
  @Matches(RECORD_ID, { message: 'facilitatorWorkerId must be a worker id' })
  facilitatorWorkerId!: string;

  @ApiProperty({
    example: 'empowerment-smartphone@1',
    description: 'an instrument `code@version` (GET /instruments)',
  })
  @Matches(INSTRUMENT_KEY, { message: 'instrument must be code@version' })
  instrument!: string;

  @ApiProperty({ required: false, example: 'k-1', description: 'the purchase contract it runs under' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'contractId must be a contract id' })
  contractId?: string;
}

export class ChangeProgrammeStatusDto {
  @ApiProperty({ enum: ['running', 'completed', 'cancelled'] })
  @IsIn(['running', 'completed', 'cancelled'])
  status!: 'running' | 'completed' | 'cancelled';
}

export class ListProgrammesQuery {
  @ApiProperty({ required: false, description: 'the last programmeId of the previous page' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'after must be a programmeId' })
  after?: string;

  @ListLimit()
  limit?: number;

  @ApiProperty({ required: false, enum: ProgrammeStatus.options })
  @IsOptional()
  @IsIn(ProgrammeStatus.options)
  status?: ProgrammeStatus;
}

export class ProgrammeView {
  @ApiProperty() programmeId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty({ nullable: true, type: String }) contractId!: string | null;
  @ApiProperty() communityPath!: string;
  @ApiProperty() title!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ enum: InterventionTheory.options, isArray: true }) theories!: InterventionTheory[];
  @ApiProperty({ type: ProgrammeTargetGroupsDto }) targetGroups!: ProgrammeTargetGroupsDto;
  @ApiProperty() plannedSessions!: number;
  @ApiProperty() minSessionsAttended!: number;
  @ApiProperty() facilitatorWorkerId!: string;
  @ApiProperty() instrument!: string;
  @ApiProperty({ enum: ProgrammeStatus.options }) status!: ProgrammeStatus;
  @ApiProperty() revision!: number;
}

export class ProgrammeList {
  @ApiProperty({ type: [ProgrammeView] }) items!: ProgrammeView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}
