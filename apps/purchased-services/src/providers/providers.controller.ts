import { Body, Controller, Get, Param, Patch, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { parseId } from '../shared/ids.js';
import { placedFilter } from '../shared/visibility.js';
import { PurchasedServicesOutbox } from '../shared/outbox.js';
import {
  ListProvidersQuery,
  ProviderList,
  ProviderView,
  RegisterProviderDto,
  UpdateProviderDto,
} from './provider.dto.js';
import { ProviderRepository } from './provider.repository.js';
import type { Provider } from './provider.schema.js';
import { PROVIDER_FIELDS, visibleProvider } from './provider-access.js';
import { RegisterProviderUseCase } from './register-provider.usecase.js';
import { UpdateProviderUseCase } from './update-provider.usecase.js';

function view(p: Provider): ProviderView {
  return {
    providerId: p._id,
    name: p.name,
    creditCode: p.creditCode,
    registeredOrgUnit: p.registeredOrgUnit,
    operatingAreas: p.operatingAreas,
    contact: { name: p.contact.name, phone: p.contact.phone },
    revision: p.revision,
  };
}

/** Providers hold their contact person's name and phone: reads are audited as personal. */
@ApiTags('providers')
@Controller('providers')
export class ProvidersController {
  constructor(
    private readonly register: RegisterProviderUseCase,
    private readonly update: UpdateProviderUseCase,
    private readonly providers: ProviderRepository,
    private readonly outbox: PurchasedServicesOutbox,
  ) {}

  @Put(':providerId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Register a provider: 201 new, 200 the same registration again, 409 other details',
    description: 'The caller must be able to write in the registering unit and every operating area.',
  })
  @ApiOkResponse({ type: ProviderView })
  @ApiConflictResponse({ description: '`provider.exists`, `provider.credit-code-taken`' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('providerId') providerId: string,
    @Body() dto: RegisterProviderDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProviderView> {
    const result = await this.register.execute(
      principal,
      parseId('providerId', providerId),
      { ...dto, contact: { ...dto.contact } },
      String(req.id),
    );
    if (result.status === 'registered') this.outbox.notify();
    void reply.status(result.status === 'registered' ? 201 : 200);
    return view(result.provider);
  }

  @Patch(':providerId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Change any of a provider’s details',
    description: 'Publishes `provider.updated` when the registering unit or the operating areas change.',
  })
  @ApiOkResponse({ type: ProviderView })
  @ApiConflictResponse({ description: '`provider.changed-meanwhile`, `provider.credit-code-taken`' })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('providerId') providerId: string,
    @Body() dto: UpdateProviderDto,
    @Req() req: FastifyRequest,
  ): Promise<ProviderView> {
    const patch = { ...dto, ...(dto.contact ? { contact: { ...dto.contact } } : {}) };
    const result = await this.update.execute(
      principal,
      parseId('providerId', providerId),
      patch,
      String(req.id),
    );
    if (result.published) this.outbox.notify();
    return view(result.provider);
  }

  @Get()
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({
    summary: 'The providers in the caller’s scope (an organisation: itself), by area, paged',
  })
  @ApiOkResponse({ type: ProviderList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListProvidersQuery,
  ): Promise<ProviderList> {
    const limit = query.limit ?? 50;
    const items = await this.providers.list(
      placedFilter(principal, PROVIDER_FIELDS),
      { area: query.area },
      { after: query.after, limit },
    );
    return { items: items.map(view), next: items.length === limit ? (items.at(-1)?._id ?? null) : null };
  }

  @Get(':providerId')
  @Access('personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ type: ProviderView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('providerId') providerId: string,
  ): Promise<ProviderView> {
    const id = parseId('providerId', providerId);
    return view(visibleProvider(principal, await this.providers.findById(id), id));
  }
}
