import { ApiProperty } from '@nestjs/swagger';
import { ListLimit } from '#anlao/platform';
import { IsOptional, Matches } from 'class-validator';
import { ServiceType } from '#anlao/events';
import { RECORD_ID } from '../shared/ids.js';
import { MONTH, SETTLEMENT_ID } from './settlement-ids.js';

const MONTH_MESSAGE = 'month must be YYYY-MM (month 01-12)';

export class GenerateSettlementsDto {
  @ApiProperty({ example: '2026-11', pattern: MONTH.source, description: 'this month or an earlier one' })
  @Matches(MONTH, { message: MONTH_MESSAGE })
  month!: string;

  @ApiProperty({
    required: false,
    pattern: RECORD_ID.source,
    description: 'one contract; without it every contract bought by the caller’s unit or below',
  })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'contractId must be 1-64 letters, digits or dashes' })
  contractId?: string;
}

export class ListSettlementsQuery {
  @ApiProperty({ required: false, example: '2026-11', pattern: MONTH.source })
  @IsOptional()
  @Matches(MONTH, { message: MONTH_MESSAGE })
  month?: string;

  @ApiProperty({ required: false, pattern: RECORD_ID.source })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'contractId must be 1-64 letters, digits or dashes' })
  contractId?: string;

  @ApiProperty({ required: false, description: 'the `next` of the previous page (a settlementId)' })
  @IsOptional()
  @Matches(SETTLEMENT_ID, { message: 'after must be a settlementId (<contractId>:<YYYY-MM>)' })
  after?: string;

  @ListLimit()
  limit?: number;
}

export class SettlementLineView {
  @ApiProperty({ enum: ServiceType.options }) serviceType!: ServiceType;
  @ApiProperty({ description: 'fen' }) unitPriceFen!: number;
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'count × unit price, fen' }) amountFen!: number;
}

export class SettlementFiguresView {
  @ApiProperty() deliveredCount!: number;
  @ApiProperty({ description: 'Σ price of the delivered orders, fen' }) amountFen!: number;
  @ApiProperty({ type: [SettlementLineView], description: 'per service type and unit price' })
  byServiceType!: SettlementLineView[];
  @ApiProperty({ description: 'paid by the wallets (paid orders), fen' }) subsidyFen!: number;
  @ApiProperty({ description: 'the elders’ share (paid orders), fen' }) copaymentFen!: number;
  @ApiProperty() paidCount!: number;
  @ApiProperty({ description: 'delivered, no wallet answer yet' }) paymentsPending!: number;
  @ApiProperty() paymentsRejected!: number;
  @ApiProperty() freeExperienceCount!: number;
  @ApiProperty() onTimeCount!: number;
  @ApiProperty({ nullable: true, type: Number, description: '0-1, 4 decimals' }) onTimeShare!: number | null;
  @ApiProperty() ratedCount!: number;
  @ApiProperty({ nullable: true, type: Number, description: '1-5, 2 decimals' }) meanRating!: number | null;
  @ApiProperty() complaints!: number;
}

export class SettlementBudgetView {
  @ApiProperty({ description: 'fen' }) budgetFen!: number;
  @ApiProperty({ description: 'fen' }) spentFen!: number;
  @ApiProperty({ description: 'fen' }) committedFen!: number;
  @ApiProperty({ description: 'budget − spent − committed, fen' }) leftFen!: number;
}

export class SettlementView {
  @ApiProperty({ example: 'k-heping-meals:2026-11' }) settlementId!: string;
  @ApiProperty() contractId!: string;
  @ApiProperty() providerId!: string;
  @ApiProperty() buyerOrgUnit!: string;
  @ApiProperty({ type: [String] }) areas!: string[];
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ type: SettlementFiguresView }) figures!: SettlementFiguresView;
  @ApiProperty({
    type: SettlementBudgetView,
    description: 'the contract’s money when these figures were made',
  })
  budget!: SettlementBudgetView;
  @ApiProperty({ description: 'SHA-256 (hex) of the canonical figures' }) contentHash!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ description: 'the job that wrote this revision' }) generatedBy!: string;
  @ApiProperty({ description: '1, and one more each time changed figures replaced the statement' })
  revision!: number;
}

export class SettlementList {
  @ApiProperty({ type: [SettlementView] }) items!: SettlementView[];
  @ApiProperty({ nullable: true, type: String }) next!: string | null;
}
