import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class CardLookupDto {
  @ApiProperty({
    example: '8612345678901234',
    description:
      '16 digits with a Luhn check digit; in the body so it stays out of URLs, logs and audit targets',
  })
  @IsString()
  @Matches(/^\d{16}$/, { message: 'number must be 16 digits' })
  number!: string;
}
