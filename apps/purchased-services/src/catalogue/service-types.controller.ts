import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { SERVICE_CATALOGUE, ServiceType, slaMinutesOf, WalletPartCode } from '#anlao/events';
import { Access, ALL_STAFF } from '#anlao/auth';
import { PURCHASED_SERVICES_CONFIG, type PurchasedServicesConfig } from '../purchased-services.config.js';

export class ServiceTypeView {
  @ApiProperty({ enum: ServiceType.options }) code!: ServiceType;
  @ApiProperty({
    enum: WalletPartCode.options,
    nullable: true,
    description: 'the subsidy wallet part that pays it; null: not paid from a wallet',
  })
  walletPart!: WalletPartCode | null;
  @ApiProperty({ description: 'one of the six helps' }) sixHelps!: boolean;
  @ApiProperty({ description: 'minutes from request to a worker on site, as this city sets it' })
  slaMinutes!: number;
}

export class ServiceTypeList {
  @ApiProperty({ type: [ServiceTypeView] }) items!: ServiceTypeView[];
}

@ApiTags('catalogue')
@Controller('service-types')
export class ServiceTypesController {
  constructor(@Inject(PURCHASED_SERVICES_CONFIG) private readonly config: PurchasedServicesConfig) {}

  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'The service catalogue with the wallet part and this city’s SLA of each type' })
  @ApiOkResponse({ type: ServiceTypeList })
  list(): ServiceTypeList {
    return {
      items: ServiceType.options.map((code) => ({
        code,
        walletPart: SERVICE_CATALOGUE[code].walletPart,
        sixHelps: SERVICE_CATALOGUE[code].sixHelps,
        slaMinutes: slaMinutesOf(code, this.config.slaOverrides),
      })),
    };
  }
}
