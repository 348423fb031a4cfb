import { ApiProperty } from '@nestjs/swagger';

/** Swagger shapes of `GET /intervention-reports` (see `interventions-table.ts`). */
const people = (description: string) =>
  ApiProperty({ type: Number, nullable: true, description: `${description}; null: suppressed` });

export class ProgrammeCountsDto {
  @ApiProperty({ description: 'programmes registered in the range' }) registered!: number;
  @ApiProperty({ description: 'programmes that started running in the range' }) started!: number;
  @ApiProperty({ description: 'programme-months with a session held (a programme per month it held one)' })
  active!: number;
  @ApiProperty({ description: 'programmes completed in the range' }) completed!: number;
  @ApiProperty({ description: 'programmes cancelled in the range' }) cancelled!: number;
}

export class MemberCountsDto {
  @people('members enrolled in the range (once each)') enrolled!: number | null;
  @people('members withdrawn in the range (and not enrolled again)') withdrawn!: number | null;
}

export class SessionCountsDto {
  @ApiProperty({ description: 'sessions held in the range' }) held!: number;
  @ApiProperty({ description: 'attendances (members present, summed over sessions)' }) attendances!: number;
  @ApiProperty({ description: 'members enrolled at each session, summed' }) places!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'attendances ÷ places (0–1, 4 decimals)' })
  attendanceRate!: number | null;
}

export class OutcomeCountsDto {
  @ApiProperty({ description: 'programmes completed in the range with a submitted outcome' })
  submitted!: number;
  @people("the outcomes' members") members!: number | null;
  @people('members completing by the programme’s rule') completing!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'completing ÷ members (0–1, 4 decimals)' })
  completionRate!: number | null;
  @ApiProperty({ description: 'dimensions assessed (with paired members)' }) dimensions!: number;
  @ApiProperty({ description: 'dimensions whose mean rose with a paired t-test p < 0.05' }) improved!: number;
}

export class VolunteerCountsDto {
  @ApiProperty({ description: 'volunteer service hours (2 decimals)' }) hours!: number;
  @ApiProperty({ description: 'hours logs' }) logs!: number;
}

export class InterventionSliceRowDto {
  @ApiProperty({ description: "the theme's code or the theory" }) key!: string;
  @ApiProperty({ type: ProgrammeCountsDto }) programmes!: ProgrammeCountsDto;
  @ApiProperty({ type: MemberCountsDto }) members!: MemberCountsDto;
  @ApiProperty({ type: SessionCountsDto }) sessions!: SessionCountsDto;
  @ApiProperty({ type: OutcomeCountsDto }) outcomes!: OutcomeCountsDto;
}

export class InterventionUnitRowDto {
  @ApiProperty() path!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: ProgrammeCountsDto }) programmes!: ProgrammeCountsDto;
  @ApiProperty({ type: MemberCountsDto }) members!: MemberCountsDto;
  @ApiProperty({ type: SessionCountsDto }) sessions!: SessionCountsDto;
  @ApiProperty({ type: OutcomeCountsDto }) outcomes!: OutcomeCountsDto;
  @ApiProperty({ type: VolunteerCountsDto }) volunteers!: VolunteerCountsDto;
}

export class InterventionsReportDto {
  @ApiProperty({ type: InterventionUnitRowDto }) unit!: InterventionUnitRowDto;
  @ApiProperty({ description: 'first month, YYYY-MM' }) from!: string;
  @ApiProperty({ description: 'last month, YYYY-MM' }) to!: string;
  @ApiProperty({ description: 'counts of people below this are suppressed' }) threshold!: number;
  @ApiProperty({ type: [InterventionSliceRowDto], description: 'by theme (they add up to the unit)' })
  themes!: InterventionSliceRowDto[];
  @ApiProperty({
    type: [InterventionSliceRowDto],
    description: 'by theory (a programme counts under each of its theories)',
  })
  theories!: InterventionSliceRowDto[];
  @ApiProperty({ type: [InterventionUnitRowDto], description: "the unit's children, for drill-down" })
  children!: InterventionUnitRowDto[];
}
