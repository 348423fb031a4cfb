import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { acceptJob, IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey, type JobView } from '#anlao/jobs';
import { PURCHASED_SERVICES_CONFIG, type PurchasedServicesConfig } from '../purchased-services.config.js';
import { settlementScopeFilter, settlementView, visibleSettlement } from './settlement-access.js';
import { settlementCsv } from './settlement-csv.js';
import { exportFileName, exportRowOf, type ExportRow } from './settlement-export-rows.js';
import { parseSettlementId } from './settlement-ids.js';
import { SettlementOrders } from './settlement-orders.js';
import { settlementXlsx, XLSX_TYPE } from './settlement-xlsx.js';
import {
  GenerateSettlementsDto,
  ListSettlementsQuery,
  SettlementList,
  SettlementView,
} from './settlement.dto.js';
import { SettlementJob } from './settlement.job.js';
import { SettlementRepository } from './settlement.repository.js';
import type { Settlement } from './settlement.schema.js';

const READERS = [...ALL_STAFF, 'organisation-client'] as const;

/**
 * Monthly statements per contract (ADR 0027). A statement holds contract-level money and
 * counts, no resident: its reads are `read`. The exports list one row per order: no resident
 * id, name or complaint words, but order ids that the orders API resolves to a resident, so
 * taking a file out is audited as `bulk-personal-read` (who, which statement, when).
 */
@ApiTags('settlements')
@Controller('settlements')
export class SettlementsController {
  constructor(
    private readonly job: SettlementJob,
    private readonly settlements: SettlementRepository,
    private readonly orders: SettlementOrders,
    @Inject(PURCHASED_SERVICES_CONFIG) private readonly config: PurchasedServicesConfig,
  ) {}

  @Post('jobs')
  @Access('write', ...MANAGING_STAFF)
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Generate the month’s statements (a background job): one contract, or all the caller’s unit buys',
    description:
      'A future month is 400. Generating again gives the same statement (same id); changed figures replace it.',
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiAcceptedResponse({ description: 'the job; `Location` is its URL (`GET /jobs/{jobId}`)' })
  async generate(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: GenerateSettlementsDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const key = parseIdempotencyKey(idempotencyKey);
    const input = { month: dto.month, ...(dto.contractId ? { contractId: dto.contractId } : {}) };
    return acceptJob(reply, await this.job.submit(principal, input, key, String(req.id)));
  }

  @Get()
  @Access('read', ...READERS)
  @ApiOperation({ summary: 'Statements in the caller’s scope (an organisation: its own), paged by id' })
  @ApiOkResponse({ type: SettlementList })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListSettlementsQuery,
  ): Promise<SettlementList> {
    const limit = query.limit ?? 50;
    const items = await this.settlements.list(
      settlementScopeFilter(principal),
      { month: query.month, contractId: query.contractId },
      { after: query.after, limit },
    );
    return {
      items: items.map(settlementView),
      next: items.length === limit ? (items.at(-1)?._id ?? null) : null,
    };
  }

  @Get(':settlementId')
  @Access('read', ...READERS)
  @ApiOkResponse({ type: SettlementView })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('settlementId') settlementId: string,
  ): Promise<SettlementView> {
    return settlementView(await this.visible(principal, settlementId));
  }

  @Get(':settlementId/export.csv')
  @Access('bulk-personal-read', ...READERS)
  @ApiOperation({ summary: 'The statement’s orders as CSV (read now, by the month’s index, page by page)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description:
      'orderId,serviceType,deliveredAt,priceFen,priceYuan,subsidyFen,subsidyYuan,copaymentFen,copaymentYuan,state,late,rating',
    schema: { type: 'string' },
  })
  async csv(
    @CurrentPrincipal() principal: Principal,
    @Param('settlementId') settlementId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const s = await this.visible(principal, settlementId);
    this.attach(reply, 'text/csv; charset=utf-8', exportFileName(s.contractId, s.month, 'csv'));
    return new StreamableFile(settlementCsv(() => this.rows(s)));
  }

  @Get(':settlementId/export.xlsx')
  @Access('bulk-personal-read', ...READERS)
  @ApiOperation({ summary: 'The statement as an Excel workbook: "Summary" (figures, budget) and "Orders"' })
  @ApiProduces(XLSX_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async xlsx(
    @CurrentPrincipal() principal: Principal,
    @Param('settlementId') settlementId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const s = await this.visible(principal, settlementId);
    this.attach(reply, XLSX_TYPE, exportFileName(s.contractId, s.month, 'xlsx'));
    return new StreamableFile(settlementXlsx(s, () => this.rows(s)));
  }

  private async visible(principal: Principal, settlementId: string): Promise<Settlement> {
    const id = parseSettlementId(settlementId);
    return visibleSettlement(principal, await this.settlements.findById(id), id);
  }

  private async *rows(s: Settlement): AsyncGenerator<ExportRow[]> {
    for await (const page of this.orders.all(s.contractId, s.month))
      yield page.map((order) => exportRowOf(order, this.config.slaOverrides));
  }

  private attach(reply: FastifyReply, type: string, fileName: string): void {
    void reply.type(type).header('content-disposition', `attachment; filename="${fileName}"`);
  }
}
