import { ApiProperty } from '@nestjs/swagger';
import { LATENCY_EDGES } from './latency-histogram.js';
import { OptionalUnit, OptionalMonth } from '../reports/report-query.js';

export class AccessibilityQuery {
  @OptionalUnit()
  unit?: string;

  @OptionalMonth()
  month?: string;
}

const nullable = (description: string) => ({ type: Number, nullable: true, description });

export class AccessibilitySupplyDto {
  @ApiProperty({ description: 'active centres (now)' }) centres!: number;
  @ApiProperty({ description: 'their total capacity (places)' }) capacity!: number;
  @ApiProperty({ description: 'open contracts bought by the unit or a unit below it' }) contracts!: number;
  @ApiProperty({ description: 'their budget, fen' }) budgetFen!: number;
  @ApiProperty({
    description: 'open contracts buying each service type',
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  serviceTypes!: Record<string, number>;
  @ApiProperty(nullable('active workers holding a social-work licence; null: suppressed')) licensedWorkers!:
    number | null;
  @ApiProperty(nullable("eligible elders in the month (coverage's count); null: suppressed"))
  eligibleElders!: number | null;
  @ApiProperty(nullable('licensed workers per 1,000 eligible elders (2 decimals)'))
  licensedWorkersPerThousand!: number | null;
  @ApiProperty(nullable('centre places per 1,000 eligible elders (2 decimals)')) capacityPerThousand!:
    number | null;
}

export class LatencyBucketDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: `bucket upper edge in minutes (${LATENCY_EDGES.join(', ')}); null: above the last`,
  })
  upToMinutes!: number | null;
  @ApiProperty() count!: number;
}

export class AccessibilityDeliveryDto {
  @ApiProperty({ description: 'orders requested in the month' }) requested!: number;
  @ApiProperty({ description: 'dispatches (an order declined and sent again counts twice)' })
  dispatched!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty({ description: 'deliveries that ended in the month' }) delivered!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ description: 'orders that fell due in the month without their service started in time' })
  overdue!: number;
  @ApiProperty({ description: 'deliveries started within the SLA' }) onTime!: number;
  @ApiProperty({ description: 'price of the deliveries, fen' }) deliveredFen!: number;
  @ApiProperty({ description: 'open orders now' }) openNow!: number;
  @ApiProperty({ description: 'open orders waiting for a provider now' }) unassignedNow!: number;
  @ApiProperty({ description: 'open orders past their due time now' }) overdueNow!: number;
  @ApiProperty(nullable('request to end of delivery, minutes (from the histogram)')) medianMinutes!:
    number | null;
  @ApiProperty(nullable('90th percentile, minutes')) p90Minutes!: number | null;
  @ApiProperty({ type: [LatencyBucketDto] }) histogram!: LatencyBucketDto[];
}

export class WalletPartsFenDto {
  @ApiProperty({ description: 'basic elderly care part, fen' }) basicCare!: number;
  @ApiProperty({ description: 'basic living services part, fen' }) livingServices!: number;
}

export class AccessibilityUseDto {
  @ApiProperty({ description: 'centre visits in the month' }) visits!: number;
  @ApiProperty(nullable('visits ÷ eligible elders (2 decimals)')) visitsPerElder!: number | null;
  @ApiProperty({ type: WalletPartsFenDto, description: 'subsidy credited per wallet part' })
  creditedFen!: WalletPartsFenDto;
  @ApiProperty({ type: WalletPartsFenDto, description: 'subsidy spent per wallet part' })
  spentFen!: WalletPartsFenDto;
  @ApiProperty({ description: 'free experience services paid by the subsidy, fen' })
  freeExperienceFen!: number;
  @ApiProperty({ description: 'balance expired at the month’s credit, fen' }) expiredFen!: number;
  @ApiProperty({ description: 'wallet debits' }) debits!: number;
  @ApiProperty({ description: 'co-payments of paid orders, fen' }) copaymentFen!: number;
  @ApiProperty() paidOrders!: number;
}

export class AccessibilityRowDto {
  @ApiProperty() path!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) level!: string | null;
  @ApiProperty({ type: AccessibilitySupplyDto }) supply!: AccessibilitySupplyDto;
  @ApiProperty({ type: AccessibilityDeliveryDto }) delivery!: AccessibilityDeliveryDto;
  @ApiProperty({ type: AccessibilityUseDto }) use!: AccessibilityUseDto;
}

export class AccessibilityReportDto {
  @ApiProperty({ type: AccessibilityRowDto }) unit!: AccessibilityRowDto;
  @ApiProperty() month!: string;
  @ApiProperty({ description: 'counts of people below this are suppressed' }) threshold!: number;
  @ApiProperty({ type: [AccessibilityRowDto], description: "the unit's children, for drill-down" })
  children!: AccessibilityRowDto[];
}
