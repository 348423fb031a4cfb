import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { IsOrgUnitPath, NestedObject, ListLimit } from '#anlao/platform';
import { RECORD_ID } from '../shared/ids.js';
import { isCreditCode } from './credit-code.js';

const IsCreditCode = () =>
  ValidateBy({
    name: 'isCreditCode',
    validator: {
      validate: (value: unknown) => isCreditCode(value),
      defaultMessage: () =>
        'creditCode must be an 18-character unified social credit code whose check character agrees',
    },
  });

export const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

export class ProviderContactDto {
  @ApiProperty({ example: '李红', description: 'the contact person (kept in this service only)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: '024-23456789', pattern: PHONE.source })
  @Matches(PHONE, { message: 'phone must be 5-20 digits, spaces or dashes, optionally after +' })
  phone!: string;
}

export class RegisterProviderDto {
  @ApiProperty({ example: '和平区颐康社会工作服务中心' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: '52210102MJ0000001Y', description: 'unified social credit code (18 characters)' })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({ example: '2101.210102', description: 'org-unit path of the unit it is registered with' })
  @IsOrgUnitPath()
  registeredOrgUnit!: string;

  @ApiProperty({
    example: ['2101.210102.210102001'],
    description: 'org-unit paths where it works (none inside another)',
    type: [String],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsOrgUnitPath({ each: true })
  operatingAreas!: string[];

  @ApiProperty({ type: ProviderContactDto })
  @NestedObject(() => ProviderContactDto)
  contact!: ProviderContactDto;
}

/** Any subset of the registration's fields. */
export class UpdateProviderDto extends PartialType(RegisterProviderDto) {}

export class ProviderView {
  @ApiProperty() providerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() creditCode!: string;
  @ApiProperty() registeredOrgUnit!: string;
  @ApiProperty({ type: [String] }) operatingAreas!: string[];
  @ApiProperty({ type: ProviderContactDto }) contact!: ProviderContactDto;
  @ApiProperty({ description: 'changes with every change of the provider' }) revision!: number;
}

export class ListProvidersQuery {
  @ApiProperty({ required: false, description: 'the last providerId of the previous page' })
  @IsOptional()
  @Matches(RECORD_ID, { message: 'after must be a providerId' })
  after?: string;

  @ListLimit()
  limit?: number;

  @ApiProperty({ required: false, example: '2101.210102.210102001', description: 'providers working there' })
  @IsOptional()
  @IsOrgUnitPath()
  area?: string;
}

export class ProviderList {
  @ApiProperty({ type: [ProviderView] }) items!: ProviderView[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `after` for the next page' })
  next!: string | null;
}
