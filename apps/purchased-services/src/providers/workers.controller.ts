import { Body, Controller, Get, Param, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  Access,
  ALL_STAFF,
  CurrentPrincipal,
  MANAGING_STAFF,
  orgUnitCovers,
  type Principal,
} from '#anlao/auth';
import { DomainError } from '#anlao/platform';
import { parseId } from '../shared/ids.js';
import { PurchasedServicesOutbox } from '../shared/outbox.js';
import { ProviderRepository } from './provider.repository.js';
import { visibleProvider } from './provider-access.js';
import { WorkerRepository } from './worker.repository.js';
import type { ProviderWorker } from './worker.schema.js';
import { PutWorkerUseCase } from './put-worker.usecase.js';
import { contactPersonsByStreet } from './contact-persons.js';
import {
  ContactPersonsQuery,
  ContactPersonsReport,
  ListWorkersQuery,
  PutWorkerDto,
  WorkerList,
  WorkerView,
} from './worker.dto.js';

function view(w: ProviderWorker): WorkerView {
  return {
    providerId: w.providerId,
    workerId: w.workerId,
    name: w.name,
    role: w.role,
    licence: w.licence,
    streetPath: w.streetPath,
    active: w.active,
  };
}

@ApiTags('providers')
@Controller('providers/:providerId/workers')
export class WorkersController {
  constructor(
    private readonly putWorker: PutWorkerUseCase,
    private readonly providers: ProviderRepository,
    private readonly workers: WorkerRepository,
    private readonly outbox: PurchasedServicesOutbox,
  ) {}

  @Put(':workerId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Add (201) or replace (200) one of a provider’s workers or contact persons',
    description:
      'Publishes `provider.worker-changed` (coded facts only) when something besides the name changes.',
  })
  @ApiOkResponse({ type: WorkerView })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('providerId') providerId: string,
    @Param('workerId') workerId: string,
    @Body() dto: PutWorkerDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WorkerView> {
    const ids = { providerId: parseId('providerId', providerId), workerId: parseId('workerId', workerId) };
    const result = await this.putWorker.execute(principal, ids, { ...dto }, String(req.id));
    if (result.published) this.outbox.notify();
    void reply.status(result.status === 'created' ? 201 : 200);
    return view(result.worker);
  }

  @Get()
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'A provider’s staff, paged by workerId (an organisation: its own)' })
  @ApiOkResponse({ type: WorkerList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('providerId') providerId: string,
    @Query() query: ListWorkersQuery,
  ): Promise<WorkerList> {
    const id = parseId('providerId', providerId);
    visibleProvider(principal, await this.providers.findById(id), id);
    const limit = query.limit ?? 100;
    const items = await this.workers.listOfProvider(id, { after: query.after, limit });
    return { items: items.map(view), next: items.length === limit ? (items.at(-1)?.workerId ?? null) : null };
  }
}

@ApiTags('providers')
@Controller('contact-persons')
export class ContactPersonsController {
  constructor(private readonly workers: WorkerRepository) {}

  @Get('by-street')
  @Access('read', ...ALL_STAFF)
  @ApiOperation({
    summary:
      'Active contact persons of all providers per street of a unit, and how many hold a social-work licence',
    description: 'Seed 001, figure 3. Counts only: no names. The unit must lie within the caller’s.',
  })
  @ApiOkResponse({ type: ContactPersonsReport })
  async byStreet(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ContactPersonsQuery,
  ): Promise<ContactPersonsReport> {
    if (principal.kind !== 'staff' || !orgUnitCovers(principal.orgUnit, query.unit))
      throw new DomainError('forbidden', 'scope.forbidden', 'this org unit is outside your scope');
    return {
      unit: query.unit,
      streets: contactPersonsByStreet(await this.workers.contactPersonsIn(query.unit)),
    };
  }
}
