import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, assertCityLevel, CurrentPrincipal, type Principal } from '#anlao/auth';
import { IsMonth } from '#anlao/platform';
import { RegistryUseCase } from '../residents/registry.usecase.js';
import { assertMonth, WalletsUseCase, type CreditRunReport } from './wallets.usecase.js';

export class CreditRunDto {
  @ApiProperty({ example: '2026-11' })
  @IsMonth()
  month!: string;
}

@ApiTags('wallets')
@Controller('wallets')
export class WalletsController {
  constructor(
    private readonly wallets: WalletsUseCase,
    private readonly registry: RegistryUseCase,
  ) {}

  /** The monthly credit run; running it again for the same month credits nobody twice. */
  @Post('credit-runs')
  @Access('admin', 'city-admin')
  @HttpCode(200)
  async creditRun(
    @CurrentPrincipal() p: Principal,
    @Body() dto: CreditRunDto,
    @Req() req: FastifyRequest,
  ): Promise<CreditRunReport> {
    assertCityLevel(p);
    const today = this.registry.today();
    return this.wallets.creditRun(assertMonth(dto.month, today), today, String(req.id));
  }
}
