import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { DAY } from '#anlao/platform';

export class DailyVisitsQuery {
  @ApiProperty({ example: 'c-heping-001' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'centreId must be 1-64 letters, digits or dashes' })
  centreId!: string;

  @ApiProperty({ example: '2026-11-01', description: 'first local day, inclusive' })
  @Matches(DAY, { message: 'from must be a day YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ example: '2026-11-30', description: 'last local day, inclusive' })
  @Matches(DAY, { message: 'to must be a day YYYY-MM-DD' })
  to!: string;
}

export class DailyVisits {
  @ApiProperty() day!: string;
  @ApiProperty() visits!: number;
}

export class DailyVisitsResponse {
  @ApiProperty() centreId!: string;
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ type: [DailyVisits], description: 'days with at least one visit' }) days!: DailyVisits[];
}
