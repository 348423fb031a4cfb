import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsDay, IsOrgUnitPath, NestedList, RECORD_ID, ListLimit } from '#anlao/platform';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CODE_MESSAGE = 'must be a kebab-case code';

export class RegisterVolunteerTeamDto {
  @ApiProperty({
    example: 'KX社区老年志愿服务队',
    description: 'the organisation’s name; kept here, never in events',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({
    example: '2101.210102.210102001.210102001001',
    description: 'the community or street it serves (inside the organisation’s operating areas)',
  })
  @IsOrgUnitPath()
  communityPath!: string;

  @ApiProperty({
    required: false,
    example: 'pg-…',
    description:
      'the organisation’s programme whose pre/post `volunteer-service-capacity@1` assessments measure the team',
  })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'capacityProgrammeId must be a programme id' })
  capacityProgrammeId?: string;
}

export class ListVolunteerTeamsQuery {
  @ApiProperty({ required: false, description: 'the last teamId of the previous page' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'after must be a teamId' })
  after?: string;

  @ListLimit()
  limit?: number;
}

export class VolunteerTeamView {
  @ApiProperty() teamId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'its capacity assessment: GET /programmes/{id}/assessments and the programme’s outcome',
  })
  capacityProgrammeId!: string | null;
  @ApiProperty() revision!: number;
}

export class VolunteerTeamList {
  @ApiProperty({ type: [VolunteerTeamView] }) items!: VolunteerTeamView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

export class TrainingDto {
  @ApiProperty({ example: 'first-aid-basics', description: 'a training code (kebab-case)' })
  @Matches(CODE, { message: `code ${CODE_MESSAGE}` })
  @MaxLength(60)
  code!: string;

  @ApiProperty({ example: '2026-10-12', description: 'not in the future' })
  @IsDay({ to: 'today' })
  attendedOn!: string;
}

export class VolunteerProfileDto {
  @ApiProperty({
    type: [String],
    example: ['companionship', 'phone-help'],
    description: 'skill codes (kebab-case)',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @MaxLength(60, { each: true })
  @Matches(CODE, { each: true, message: `each skill ${CODE_MESSAGE}` })
  skills!: string[];

  @ApiProperty({ type: [TrainingDto] })
  @NestedList(() => TrainingDto, { max: 100 })
  trainings!: TrainingDto[];
}

export class TrainingView {
  @ApiProperty() code!: string;
  @ApiProperty() attendedOn!: string;
}

export class VolunteerView {
  @ApiProperty() residentId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ type: [TrainingView] }) trainings!: TrainingView[];
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'service minutes logged in all' }) minutes!: number;
  @ApiProperty({ description: 'hours logs submitted' }) logs!: number;
}

export class VolunteerList {
  @ApiProperty({ type: [VolunteerView] }) items!: VolunteerView[];
}

export class LogHoursDto {
  @ApiProperty({ example: 'r-1', description: 'a volunteer of the team' })
  @Matches(RECORD_ID, { message: 'residentId must be a resident id' })
  residentId!: string;

  @ApiProperty({ example: 'companionship', description: 'what was done (kebab-case code)' })
  @Matches(CODE, { message: `activity ${CODE_MESSAGE}` })
  @MaxLength(60)
  activity!: string;

  @ApiProperty({ example: '2026-11-20', description: 'not in the future, at most 90 days ago' })
  @IsDay()
  servedOn!: string;

  @ApiProperty({ minimum: 1, maximum: 1440, example: 90 })
  @IsInt()
  @Min(1)
  @Max(1440)
  minutes!: number;
}

export class HoursLogView {
  @ApiProperty() logId!: string;
  @ApiProperty() residentId!: string;
  @ApiProperty() activity!: string;
  @ApiProperty() servedOn!: string;
  @ApiProperty() minutes!: number;
}

export class SumView {
  @ApiProperty() minutes!: number;
  @ApiProperty() logs!: number;
}

export class VolunteerTotalView extends SumView {
  @ApiProperty() residentId!: string;
}

export class ActivityTotalView extends SumView {
  @ApiProperty() activity!: string;
}

export class HoursTotalsView {
  @ApiProperty() teamId!: string;
  @ApiProperty({ type: SumView, description: 'the whole team' }) team!: SumView;
  @ApiProperty({ type: [ActivityTotalView], description: 'per activity code' })
  activities!: ActivityTotalView[];
  @ApiProperty({
    type: [VolunteerTotalView],
    description: 'per volunteer (every volunteer of the team, zero when none logged yet)',
  })
  items!: VolunteerTotalView[];
}
