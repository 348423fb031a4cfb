import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, Public, type Principal } from '#anlao/auth';
import { CONFIG, DomainError, PageQuery, pageOf, type Page, type ServiceConfig } from '#anlao/platform';
import { ApiClientsUseCase, StaffAccountsUseCase } from './account.usecases.js';
import {
  AccessTokenView,
  ChangePasswordDto,
  ChangeRoleDto,
  ClientTokenDto,
  ClientView,
  CreateStaffDto,
  IssueClientDto,
  IssuedClientView,
  OneTimePasswordView,
  RefreshDto,
  SessionTokensView,
  SignInDto,
  StaffView,
} from './identity.dto.js';
import { RefreshSessionUseCase, SignInUseCase } from './sign-in.usecase.js';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
function parseId(value: string, field: string): string {
  if (!ID.test(value))
    throw new DomainError('invalid', 'request.invalid', `${field} is not an id`, [
      { field, message: 'an id' },
    ]);
  return value;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly signIn: SignInUseCase,
    private readonly refresh: RefreshSessionUseCase,
    private readonly staff: StaffAccountsUseCase,
    private readonly clients: ApiClientsUseCase,
    @Inject(CONFIG) private readonly config: ServiceConfig,
  ) {}

  /** Staff sign-in: a short-lived access token and a refresh token. */
  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionTokensView })
  async postSignIn(@Body() dto: SignInDto, @Req() req: FastifyRequest): Promise<SessionTokensView> {
    return this.signIn.execute(dto.username, dto.password, String(req.id), new Date(), dto.newPassword);
  }

  /** A new token pair for a refresh token, which is then used up. */
  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: SessionTokensView })
  async postRefresh(@Body() dto: RefreshDto, @Req() req: FastifyRequest): Promise<SessionTokensView> {
    return this.refresh.execute(dto.refreshToken, String(req.id));
  }

  /** Client credentials (centres, social organisations) → an access token for their own scope. */
  @Post('token')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: AccessTokenView })
  async postToken(@Body() dto: ClientTokenDto, @Req() req: FastifyRequest): Promise<AccessTokenView> {
    return this.clients.token(dto.clientId, dto.clientSecret, String(req.id));
  }

  /** Signs the caller out everywhere: all their tokens stop working now. */
  @Post('sign-out')
  @Access('write', ...ALL_STAFF)
  @HttpCode(204)
  async postSignOut(@CurrentPrincipal() principal: Principal, @Req() req: FastifyRequest): Promise<void> {
    await this.staff.signOut(principal, String(req.id));
  }

  @Post('password')
  @Access('write', ...ALL_STAFF)
  @HttpCode(204)
  async postPassword(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: ChangePasswordDto,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.staff.changePassword(principal, dto.currentPassword, dto.newPassword, String(req.id));
  }

  /** The public key that verifies access tokens (ES256). */
  @Get('verification-key')
  @Public()
  verificationKey(): { algorithm: string; publicKey: string } {
    return { algorithm: 'ES256', publicKey: this.config.AUTH_PUBLIC_KEY };
  }
}

@ApiTags('admin')
@Controller('admin/staff')
export class StaffController {
  constructor(private readonly staff: StaffAccountsUseCase) {}

  @Post()
  @Access('admin', 'city-admin', 'district-staff')
  @ApiOkResponse({ type: StaffView })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateStaffDto,
    @Req() req: FastifyRequest,
  ): Promise<StaffView> {
    const a = await this.staff.create(principal, dto, String(req.id));
    return { staffId: a._id, username: a.username, role: a.role, orgUnit: a.orgUnit, status: a.status };
  }

  @Get()
  @Access('admin', 'city-admin', 'district-staff', 'auditor')
  @ApiOkResponse({ description: '{ items: StaffView[], next }: one page, by id' })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<StaffView>> {
    const items = (await this.staff.list(principal, page)).map((a) => ({
      staffId: a._id,
      username: a.username,
      role: a.role,
      orgUnit: a.orgUnit,
      status: a.status,
    }));
    return pageOf(items, page.limit ?? 100, (a) => a.staffId);
  }

  @Post(':staffId/disable')
  @Access('admin', 'city-admin', 'district-staff')
  @HttpCode(204)
  async disable(
    @CurrentPrincipal() principal: Principal,
    @Param('staffId') staffId: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.staff.disable(principal, parseId(staffId, 'staffId'), String(req.id));
  }

  /** Lets a disabled account sign in again (its old tokens stay revoked). */
  @Post(':staffId/enable')
  @Access('admin', 'city-admin', 'district-staff')
  @HttpCode(204)
  async enable(
    @CurrentPrincipal() principal: Principal,
    @Param('staffId') staffId: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.staff.enable(principal, parseId(staffId, 'staffId'), String(req.id));
  }

  /** A one-time password, shown once; the account's tokens are revoked and a lock is lifted. */
  @Post(':staffId/reset-password')
  @Access('admin', 'city-admin', 'district-staff')
  @HttpCode(200)
  @ApiOkResponse({ type: OneTimePasswordView })
  async resetPassword(
    @CurrentPrincipal() principal: Principal,
    @Param('staffId') staffId: string,
    @Req() req: FastifyRequest,
  ): Promise<OneTimePasswordView> {
    return this.staff.resetPassword(principal, parseId(staffId, 'staffId'), String(req.id));
  }

  /** A new role; tokens carrying the old one stop working at once. */
  @Post(':staffId/role')
  @Access('admin', 'city-admin', 'district-staff')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffView })
  async changeRole(
    @CurrentPrincipal() principal: Principal,
    @Param('staffId') staffId: string,
    @Body() dto: ChangeRoleDto,
    @Req() req: FastifyRequest,
  ): Promise<StaffView> {
    const a = await this.staff.changeRole(principal, parseId(staffId, 'staffId'), dto.role, String(req.id));
    return { staffId: a._id, username: a.username, role: a.role, orgUnit: a.orgUnit, status: a.status };
  }
}

@ApiTags('admin')
@Controller('admin/api-clients')
export class ApiClientsController {
  constructor(private readonly clients: ApiClientsUseCase) {}

  /** Issues credentials to a centre or a social organisation; the secret is shown once. */
  @Post()
  @Access('admin', ...MANAGING_STAFF)
  @ApiOkResponse({ type: IssuedClientView })
  async issue(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: IssueClientDto,
    @Req() req: FastifyRequest,
  ): Promise<IssuedClientView> {
    const input =
      dto.kind === 'centre'
        ? { kind: 'centre' as const, centreId: dto.centreId ?? '' }
        : {
            kind: 'organisation' as const,
            organisationId: dto.organisationId ?? '',
            orgUnit: dto.orgUnit ?? '',
          };
    const issued = await this.clients.issue(principal, input, String(req.id));
    return { clientId: issued.clientId, clientSecret: issued.clientSecret };
  }

  @Get()
  @Access('admin', ...MANAGING_STAFF, 'auditor')
  @ApiOkResponse({ description: '{ items: ClientView[], next }: one page, by id' })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageQuery): Promise<Page<ClientView>> {
    const items = (await this.clients.list(principal, page)).map((c) => ({
      clientId: c._id,
      kind: c.kind,
      centreId: c.centreId,
      organisationId: c.organisationId,
      orgUnit: c.orgUnit,
      status: c.status,
    }));
    return pageOf(items, page.limit ?? 100, (c) => c.clientId);
  }

  @Post(':clientId/rotate')
  @Access('admin', ...MANAGING_STAFF)
  @HttpCode(200)
  @ApiOkResponse({ type: IssuedClientView })
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('clientId') clientId: string,
    @Req() req: FastifyRequest,
  ): Promise<IssuedClientView> {
    return this.clients.rotate(principal, parseId(clientId, 'clientId'), String(req.id));
  }

  @Post(':clientId/revoke')
  @Access('admin', ...MANAGING_STAFF)
  @HttpCode(204)
  async revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('clientId') clientId: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.clients.revoke(principal, parseId(clientId, 'clientId'), String(req.id));
  }
}
