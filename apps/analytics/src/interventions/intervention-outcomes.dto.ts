import { ApiProperty } from '@nestjs/swagger';
import { InterventionTheory, ProgrammeStatus } from '#anlao/events';

/** Swagger shapes of `GET /intervention-reports/outcomes` (see `outcomes-table.ts`). */
const figure = (description: string) => ApiProperty({ type: Number, nullable: true, description });
const people = (description: string) => figure(`${description}; null: suppressed`);

export class DimensionOutcomeDto {
  @ApiProperty() code!: string;
  @people('members paired on the dimension') n!: number | null;
  @figure('pre mean') preMean!: number | null;
  @figure('post mean') postMean!: number | null;
  @figure('post − pre, mean') meanChange!: number | null;
  @figure('95% CI of the mean change, lower') ciLow!: number | null;
  @figure('95% CI of the mean change, upper') ciHigh!: number | null;
  @figure('paired t') t!: number | null;
  @figure('degrees of freedom') df!: number | null;
  @figure('paired t-test, two-sided p') tTestP!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'tTestP < 0.05' }) significant!: boolean | null;
  @figure('Wilcoxon signed-rank statistic') wilcoxonStatistic!: number | null;
  @figure('Wilcoxon signed-rank, two-sided p') wilcoxonP!: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['exact', 'permutation', 'approx'] })
  wilcoxonMethod!: 'exact' | 'permutation' | 'approx' | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'wilcoxonP < 0.05' }) wilcoxonSignificant!:
    boolean | null;
  @figure("Cohen's d_z") cohensDz!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'level band of the pre mean' }) preBand!:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'level band of the post mean' }) postBand!:
    string | null;
  @ApiProperty({ description: 'mean change above zero and significant by the t-test' }) improved!: boolean;
}

export class LeftOutDto {
  @people('post without pre') postWithoutPre!: number | null;
  @people('pre without post') preWithoutPost!: number | null;
  @people('withdrawn members assessed') withdrawn!: number | null;
}

export class ProgrammeOutcomeDto {
  @ApiProperty() programmeId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty() theme!: string;
  @ApiProperty({ enum: InterventionTheory.options, isArray: true }) theories!: string[];
  @ApiProperty({ enum: ProgrammeStatus.options }) status!: string;
  @ApiProperty({ type: Number, nullable: true }) plannedSessions!: number | null;
  @ApiProperty() sessionsHeld!: number;
  @ApiProperty({ description: 'instrument, code@version' }) instrument!: string;
  @ApiProperty({ description: 'when the outcome shown was submitted (a later submission replaces it)' })
  submittedAt!: string;
  @people('members (withdrawn included)') members!: number | null;
  @people('members completing by the programme’s rule') completing!: number | null;
  @figure('completing ÷ members (0–1, 4 decimals)') completionRate!: number | null;
  @people('members with a pre and a post assessment') paired!: number | null;
  @ApiProperty({ type: LeftOutDto }) leftOut!: LeftOutDto;
  @people('members enrolled now') enrolledNow!: number | null;
  @ApiProperty({ type: [DimensionOutcomeDto] }) dimensions!: DimensionOutcomeDto[];
}

export class InterventionOutcomesDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "the unit listed; null: an organisation's own programmes",
  })
  unit!: string | null;
  @ApiProperty({ type: String, nullable: true }) theme!: string | null;
  @ApiProperty({ description: 'counts of people below this are suppressed' }) threshold!: number;
  @ApiProperty({ type: [ProgrammeOutcomeDto] }) items!: ProgrammeOutcomeDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `after` for the next page' }) next!:
    string | null;
}
