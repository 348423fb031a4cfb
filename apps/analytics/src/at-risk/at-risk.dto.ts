import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PriorityGroup } from '#anlao/events';
import { IsOrgUnitPath, ListLimit } from '#anlao/platform';

export class AtRiskQuery {
  @ApiProperty({
    example: '2101.210102.210102001.210102001001',
    description: 'a community (city.district.street.community)',
  })
  @IsOrgUnitPath()
  community!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 366,
    description: 'days without service; default: the city’s AT_RISK_DAYS (30)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;

  @ApiPropertyOptional({ description: 'the `next` value of the previous page' })
  @IsOptional()
  @Matches(/^\d{1,4}~[A-Za-z0-9_.:-]{1,64}$/, { message: 'after must be the next value of a previous page' })
  after?: string;

  @ListLimit()
  limit?: number;
}

export class AtRiskElderDto {
  @ApiProperty() residentId!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty({ enum: PriorityGroup.options, isArray: true }) groups!: PriorityGroup[];
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'whole days since the last service; null: none ever',
  })
  daysSinceService!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastServedAt!: string | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'credited this month and nothing spent' })
  walletUnused!: boolean | null;
  @ApiProperty({ description: 'higher is more urgent' }) risk!: number;
}

export class AtRiskPageDto {
  @ApiProperty() community!: string;
  @ApiProperty() days!: number;
  @ApiProperty({ description: 'the local day the list is judged on' }) today!: string;
  @ApiProperty({ description: 'elders at risk in the community (all pages)' }) total!: number;
  @ApiProperty({ type: [AtRiskElderDto] }) items!: AtRiskElderDto[];
  @ApiProperty({ type: String, nullable: true }) next!: string | null;
}
