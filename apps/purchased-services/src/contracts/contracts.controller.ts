import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { parseId } from '../shared/ids.js';
import { placedFilter } from '../shared/visibility.js';
import { PurchasedServicesOutbox } from '../shared/outbox.js';
import { ContractRepository, type ContractSummary } from './contract.repository.js';
import { CONTRACT_FIELDS, termsOf, visibleContract } from './contract-access.js';
import { budgetLeftFen } from './contract-budget.js';
import {
  AmendContractDto,
  CloseContractDto,
  ContractList,
  ContractVersionList,
  ContractView,
  ListContractsQuery,
  SignContractDto,
} from './contract.dto.js';
import { SignContractUseCase } from './sign-contract.usecase.js';
import { AmendContractUseCase } from './amend-contract.usecase.js';
import { CloseContractUseCase } from './close-contract.usecase.js';

function view(c: ContractSummary): ContractView {
  return {
    contractId: c._id,
    providerId: c.providerId,
    buyerOrgUnit: c.buyerOrgUnit,
    version: c.version,
    ...termsOf(c),
    status: c.status,
    committedFen: c.committedFen,
    spentFen: c.spentFen,
    leftFen: budgetLeftFen(c),
    closedAt: c.closedAt ? new Date(c.closedAt).toISOString() : null,
    closeReason: c.closeReason,
    revision: c.revision,
  };
}

/** Contracts hold ids, codes and money only: reads are not personal. */
@ApiTags('contracts')
@Controller('contracts')
export class ContractsController {
  constructor(
    private readonly sign: SignContractUseCase,
    private readonly amend: AmendContractUseCase,
    private readonly closing: CloseContractUseCase,
    private readonly contracts: ContractRepository,
    private readonly outbox: PurchasedServicesOutbox,
  ) {}

  @Put(':contractId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Sign a contract: 201 new, 200 the same contract again, 409 other terms (amend instead)',
    description:
      'Staff of the buyer’s unit, with a provider working in every area. Publishes `contract.signed`.',
  })
  @ApiOkResponse({ type: ContractView })
  @ApiConflictResponse({ description: '`contract.exists`, `contract.area-not-served`' })
  async put(
    @CurrentPrincipal() principal: Principal,
    @Param('contractId') contractId: string,
    @Body() dto: SignContractDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ContractView> {
    const result = await this.sign.execute(principal, parseId('contractId', contractId), dto, String(req.id));
    if (result.status === 'signed') this.outbox.notify();
    void reply.status(result.status === 'signed' ? 201 : 200);
    return view(result.contract);
  }

  @Patch(':contractId')
  @Access('write', ...MANAGING_STAFF)
  @ApiOperation({
    summary: 'Amend an open contract: a new version with the given terms replaced',
    description: 'Publishes `contract.amended` with the whole new snapshot; equal terms change nothing.',
  })
  @ApiOkResponse({ type: ContractView })
  @ApiConflictResponse({
    description:
      '`contract.closed`, `contract.budget-below-used`, `contract.area-not-served`, `contract.changed-meanwhile`',
  })
  async patch(
    @CurrentPrincipal() principal: Principal,
    @Param('contractId') contractId: string,
    @Body() dto: AmendContractDto,
    @Req() req: FastifyRequest,
  ): Promise<ContractView> {
    const result = await this.amend.execute(
      principal,
      parseId('contractId', contractId),
      { ...dto },
      String(req.id),
    );
    if (result.amended) this.outbox.notify();
    return view(result.contract);
  }

  @Post(':contractId/close')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a contract: no new orders; closing again is harmless' })
  @ApiOkResponse({ type: ContractView })
  async close(
    @CurrentPrincipal() principal: Principal,
    @Param('contractId') contractId: string,
    @Body() dto: CloseContractDto,
    @Req() req: FastifyRequest,
  ): Promise<ContractView> {
    const result = await this.closing.execute(
      principal,
      parseId('contractId', contractId),
      dto.reason,
      String(req.id),
    );
    if (result.closedNow) this.outbox.notify();
    return view(result.contract);
  }

  @Get()
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({
    summary: 'Contracts in the caller’s scope (an organisation: its own), filtered, paged by id',
  })
  @ApiOkResponse({ type: ContractList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListContractsQuery,
  ): Promise<ContractList> {
    const limit = query.limit ?? 50;
    const items = await this.contracts.list(
      placedFilter(principal, CONTRACT_FIELDS),
      { providerId: query.provider, status: query.status, serviceType: query.serviceType, area: query.area },
      { after: query.after, limit },
    );
    return { items: items.map(view), next: items.length === limit ? (items.at(-1)?._id ?? null) : null };
  }

  @Get(':contractId')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ type: ContractView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('contractId') contractId: string,
  ): Promise<ContractView> {
    const id = parseId('contractId', contractId);
    return view(visibleContract(principal, await this.contracts.findById(id), id));
  }

  @Get(':contractId/versions')
  @Access('read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'Every version of the contract’s terms, oldest first, with what each changed' })
  @ApiOkResponse({ type: ContractVersionList })
  async versions(
    @CurrentPrincipal() principal: Principal,
    @Param('contractId') contractId: string,
  ): Promise<ContractVersionList> {
    const id = parseId('contractId', contractId);
    const contract = visibleContract(principal, await this.contracts.findWithVersions(id), id);
    return {
      contractId: id,
      items: contract.versions.map((v) => ({
        version: v.version,
        changed: v.changed,
        at: v.at,
        by: v.by,
        ...v.terms,
      })),
    };
  }
}
