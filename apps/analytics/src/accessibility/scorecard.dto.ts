import { ApiProperty } from '@nestjs/swagger';
import { OptionalMonth } from '../reports/report-query.js';

export class ScorecardQuery {
  @OptionalMonth()
  month?: string;
}

const nullable = (description: string) => ({ type: Number, nullable: true, description });

export class ScorecardFiguresDto {
  @ApiProperty() dispatched!: number;
  @ApiProperty() declined!: number;
  @ApiProperty(nullable('declined ÷ dispatched (4 decimals)')) declineRate!: number | null;
  @ApiProperty() delivered!: number;
  @ApiProperty({ description: 'delivered with the service started within the SLA' }) onTime!: number;
  @ApiProperty(nullable('onTime ÷ delivered (4 decimals)')) onTimeShare!: number | null;
  @ApiProperty() failed!: number;
  @ApiProperty() rated!: number;
  @ApiProperty(nullable('mean rating 1–5 (2 decimals)')) meanRating!: number | null;
  @ApiProperty({ description: 'ratings where the elder complained' }) complaints!: number;
  @ApiProperty({ description: 'price of the services delivered, fen' }) deliveredFen!: number;
  @ApiProperty(nullable('deliveredFen ÷ delivered, fen')) costPerDeliveryFen!: number | null;
}

export class ScorecardOverallDto extends ScorecardFiguresDto {
  @ApiProperty({ description: "the provider's contracts, closed ones included" }) contracts!: number;
  @ApiProperty() activeContracts!: number;
  @ApiProperty({ description: 'their budgets, fen' }) budgetFen!: number;
  @ApiProperty({ description: 'fen delivered under them' }) spentFen!: number;
  @ApiProperty(nullable('spentFen ÷ budgetFen (4 decimals)')) budgetUsed!: number | null;
}

export class ScorecardDto {
  @ApiProperty() providerId!: string;
  @ApiProperty({
    type: ScorecardFiguresDto,
    description: 'the month (deliveries, ratings by the month delivered)',
  })
  month!: ScorecardFiguresDto;
  @ApiProperty({ type: ScorecardOverallDto, description: 'all time, with the budget used' })
  overall!: ScorecardOverallDto;
}

export class ScorecardReportDto {
  @ApiProperty() month!: string;
  @ApiProperty({ type: [ScorecardDto] }) providers!: ScorecardDto[];
}
