import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ContractCloseReason, ELIGIBILITY_CATEGORY_CODE, PriorityGroup, ServiceType } from '#anlao/events';
import { IsDay, IsOrgUnitPath, IsPeriodEnd, NestedList, NestedObject, ListLimit } from '#anlao/platform';
import { RECORD_ID } from '../shared/ids.js';

/** Money: whole fen up to 10^12 (ten billion yuan), far below the largest safe integer. */
const MAX_FEN = 1_000_000_000_000;
/** A contract runs at most five years. */
const MAX_PERIOD_DAYS = 5 * 366;

export class PeriodDto {
  @ApiProperty({ example: '2027-01-01' })
  @IsDay()
  from!: string;

  @ApiProperty({ example: '2027-12-31', description: 'inclusive; at most five years after from' })
  @IsDay()
  @IsPeriodEnd('from', MAX_PERIOD_DAYS)
  to!: string;
}

export class ContractServiceDto {
  @ApiProperty({ enum: ServiceType.options, example: 'meal-assistance' })
  @IsIn(ServiceType.options)
  serviceType!: ServiceType;

  @ApiProperty({ example: 1500, minimum: 1, description: 'price of one service, in fen' })
  @IsInt()
  @Min(1)
  @Max(MAX_FEN)
  unitPriceFen!: number;
}

export class TargetGroupsDto {
  @ApiProperty({ type: [String], example: ['aged-80-plus'], description: 'eligibility category codes' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(ELIGIBILITY_CATEGORY_CODE, { each: true, message: 'each category must be 2-40 of a-z, 0-9, -' })
  eligibilityCategories!: string[];

  @ApiProperty({ enum: PriorityGroup.options, isArray: true, example: ['living-alone'] })
  @IsArray()
  @ArrayMaxSize(PriorityGroup.options.length)
  @IsIn(PriorityGroup.options, { each: true })
  priorityGroups!: PriorityGroup[];
}

export class KpisDto {
  @ApiProperty({
    example: 0.95,
    minimum: 0,
    maximum: 1,
    description: 'share of orders on time within the SLA',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  onTimeShareTarget!: number;

  @ApiProperty({ example: 4.5, minimum: 1, maximum: 5, description: 'mean rating (1-5)' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @Min(1)
  @Max(5)
  ratingTarget!: number;
}

export class AmendContractDto {
  @ApiProperty({ type: PeriodDto, required: false })
  @IsOptional()
  @NestedObject(() => PeriodDto)
  period?: PeriodDto;

  @ApiProperty({ example: 50_000_000, minimum: 0, required: false, description: 'in fen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  budgetFen?: number;

  @ApiProperty({ type: [ContractServiceDto], required: false })
  @IsOptional()
  @NestedList(() => ContractServiceDto, { min: 1, max: ServiceType.options.length })
  services?: ContractServiceDto[];

  @ApiProperty({ type: [String], example: ['2101.210102.210102001'], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsOrgUnitPath({ each: true })
  areas?: string[];

  @ApiProperty({
    type: TargetGroupsDto,
    required: false,
    description: 'both empty: every resident of the areas',
  })
  @IsOptional()
  @NestedObject(() => TargetGroupsDto)
  targetGroups?: TargetGroupsDto;

  @ApiProperty({ type: KpisDto, required: false })
  @IsOptional()
  @NestedObject(() => KpisDto)
  kpis?: KpisDto;
}

/** Every term is required when signing. */
export class SignContractDto {
  @ApiProperty({ example: 'p-heping-yikang', pattern: RECORD_ID.source })
  @Matches(RECORD_ID, { message: 'providerId must be 1-64 letters, digits or dashes' })
  providerId!: string;

  @ApiProperty({
    example: '2101.210102',
    description: 'the buying unit (the caller must be able to write there)',
  })
  @IsOrgUnitPath()
  buyerOrgUnit!: string;

  @ApiProperty({ type: PeriodDto }) @NestedObject(() => PeriodDto) period!: PeriodDto;

  @ApiProperty({ example: 50_000_000, minimum: 0, description: 'in fen' })
  @IsInt()
  @Min(0)
  @Max(MAX_FEN)
  budgetFen!: number;

  @ApiProperty({ type: [ContractServiceDto] })
  @NestedList(() => ContractServiceDto, { min: 1, max: ServiceType.options.length })
  services!: ContractServiceDto[];

  @ApiProperty({ type: [String], example: ['2101.210102.210102001'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsOrgUnitPath({ each: true })
  areas!: string[];

  @ApiProperty({ type: TargetGroupsDto, description: 'both empty: every resident of the areas' })
  @NestedObject(() => TargetGroupsDto)
  targetGroups!: TargetGroupsDto;

  @ApiProperty({ type: KpisDto }) @NestedObject(() => KpisDto) kpis!: KpisDto;
}

export class CloseContractDto {
  @ApiProperty({ enum: ContractCloseReason.options })
  @IsIn(ContractCloseReason.options)
  reason!: ContractCloseReason;
}

export class ContractView extends SignContractDto {
  @ApiProperty() contractId!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: ['active', 'closed'] }) status!: 'active' | 'closed';
  @ApiProperty({ description: 'reserved by open orders, fen' }) committedFen!: number;
  @ApiProperty({ description: 'spent by delivered orders, fen' }) spentFen!: number;
  @ApiProperty({ description: 'budget − committed − spent, fen' }) leftFen!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) closedAt!: string | null;
  @ApiProperty({ nullable: true, enum: ContractCloseReason.options })
  closeReason!: ContractCloseReason | null;
  @ApiProperty({ description: 'changes with every change of the contract' }) revision!: number;
}

export class ContractList {
  @ApiProperty({ type: [ContractView] }) items!: ContractView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}

export class ContractVersionView extends PartialType(AmendContractDto) {
  @ApiProperty() version!: number;
  @ApiProperty({ type: [String], description: 'the terms this version changed ([] for version 1)' })
  changed!: string[];
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'who signed or amended (token subject)' }) by!: string;
}

export class ContractVersionList {
  @ApiProperty() contractId!: string;
  @ApiProperty({ type: [ContractVersionView] }) items!: ContractVersionView[];
}

export class ListContractsQuery {
  @ApiProperty({ required: false, description: 'the last contractId of the previous page' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'after must be a contractId' })
  after?: string;

  @ListLimit()
  limit?: number;

  @ApiProperty({ required: false })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'provider must be a providerId' })
  provider?: string;

  @ApiProperty({ required: false, enum: ['active', 'closed'] })
  @IsOptional()
  @IsIn(['active', 'closed'])
  status?: 'active' | 'closed';

  @ApiProperty({ required: false, enum: ServiceType.options })
  @IsOptional()
  @IsIn(ServiceType.options)
  serviceType?: ServiceType;

  @ApiProperty({ required: false, example: '2101.210102.210102001' })
  @IsOptional()
  @IsOrgUnitPath()
  area?: string;
}
