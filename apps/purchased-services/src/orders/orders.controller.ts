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
} from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ALL_STAFF, CurrentPrincipal, MANAGING_STAFF, type Principal } from '#anlao/auth';
import { requiredIdempotencyKeyHeader } from '#anlao/platform';
import { parseId } from '../shared/ids.js';
import { PurchasedServicesOutbox } from '../shared/outbox.js';
import { PURCHASED_SERVICES_CONFIG, type PurchasedServicesConfig } from '../purchased-services.config.js';
import {
  CancelOrderDto,
  CreateOrderDto,
  DeclineOrderDto,
  DeliverOrderDto,
  FailOrderDto,
  ListOrdersQuery,
  OrderList,
  OrderView,
  RateOrderDto,
  ScheduleOrderDto,
} from './order.dto.js';
import { OrderRepository } from './order.repository.js';
import type { Order } from './order.schema.js';
import type { OrderCommand } from './order-state.js';
import { deliverCommand, orderScopeFilter, orderView, visibleOrder } from './order-access.js';
import { parseOrderIdempotencyKey } from './order-intake.js';
import { CreateOrderUseCase } from './create-order.usecase.js';
import { TransitionOrderUseCase } from './transition-order.usecase.js';
import { DispatchByStaffUseCase } from './dispatch-by-staff.usecase.js';

const HOTLINE = ['hotline-operator', ...MANAGING_STAFF] as const;

/** Orders name a resident by id and may hold a complaint in the elder's words: reads are personal. */
@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly create: CreateOrderUseCase,
    private readonly steps: TransitionOrderUseCase,
    private readonly redispatch: DispatchByStaffUseCase,
    private readonly orders: OrderRepository,
    private readonly outbox: PurchasedServicesOutbox,
    @Inject(PURCHASED_SERVICES_CONFIG) private readonly config: PurchasedServicesConfig,
  ) {}

  @Post()
  @Access('write', ...HOTLINE)
  @ApiOperation({
    summary: 'Take a hotline order for a resident (by card number or id): 201 new, 200 the same key again',
    description: 'Publishes `order.requested`, then `order.dispatched` when an open contract covers it.',
  })
  @ApiHeader(requiredIdempotencyKeyHeader('the same key and body answer the first order'))
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: '`order.idempotency-key-reused`' })
  async post(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOrderDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderView> {
    const idempotencyKey = parseOrderIdempotencyKey(key);
    const result = await this.create.execute(principal, { ...dto }, idempotencyKey, String(req.id));
    if (result.created) this.outbox.notify();
    void reply.status(result.created ? 201 : 200);
    return this.view(result.order);
  }

  @Get()
  @Access('bulk-personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOperation({ summary: 'Orders in the caller’s scope (a provider: its own), filtered, paged by id' })
  @ApiOkResponse({ type: OrderList })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListOrdersQuery): Promise<OrderList> {
    const limit = query.limit ?? 50;
    const page = await this.orders.list(
      orderScopeFilter(principal),
      { state: query.status, unassigned: query.unassigned },
      { after: query.after, limit },
    );
    // Overdue depends on now: judged here over the page the store selected by equalities (ADR 0013).
    const items = page
      .map((o) => this.view(o))
      .filter((v) => query.overdue === undefined || v.overdue === query.overdue);
    return { items, next: page.length === limit ? (page.at(-1)?._id ?? null) : null };
  }

  @Get(':orderId')
  @Access('personal-read', ...ALL_STAFF, 'organisation-client')
  @ApiOkResponse({ type: OrderView })
  async get(@CurrentPrincipal() principal: Principal, @Param('orderId') orderId: string): Promise<OrderView> {
    const id = parseId('orderId', orderId);
    return this.view(visibleOrder(principal, await this.orders.findById(id), id));
  }

  @Post(':orderId/dispatch')
  @Access('write', ...HOTLINE)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a waiting (unassigned or declined) order out again by the dispatch rule',
    description: 'Answers the order: `dispatched`, or still `unassigned: true` when no contract can take it.',
  })
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: '`order.illegal-transition` with `currentState`' })
  async dispatchAgain(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Req() req: FastifyRequest,
  ) {
    const order = await this.redispatch.execute(p, parseId('orderId', id), String(req.id));
    this.outbox.notify();
    return this.view(order);
  }

  @Post(':orderId/accept')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  async accept(@CurrentPrincipal() p: Principal, @Param('orderId') id: string, @Req() req: FastifyRequest) {
    return this.step(p, id, { kind: 'accept' }, req);
  }

  @Post(':orderId/decline')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline: the order is dispatched again to another contract, if any' })
  @ApiOkResponse({ type: OrderView })
  async decline(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Body() dto: DeclineOrderDto,
    @Req() req: FastifyRequest,
  ) {
    return this.step(p, id, { kind: 'decline', reason: dto.reason }, req);
  }

  @Post(':orderId/schedule')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  async schedule(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Body() dto: ScheduleOrderDto,
    @Req() req: FastifyRequest,
  ) {
    return this.step(
      p,
      id,
      { kind: 'schedule', scheduledFor: new Date(dto.scheduledFor).toISOString() },
      req,
    );
  }

  @Post(':orderId/deliver')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  async deliver(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Body() dto: DeliverOrderDto,
    @Req() req: FastifyRequest,
  ) {
    return this.step(p, id, deliverCommand(dto), req);
  }

  @Post(':orderId/fail')
  @Access('write', 'organisation-client')
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  async fail(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Body() dto: FailOrderDto,
    @Req() req: FastifyRequest,
  ) {
    return this.step(p, id, { kind: 'fail', reason: dto.reason }, req);
  }

  @Post(':orderId/cancel')
  @Access('write', ...HOTLINE)
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  async cancel(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Body() dto: CancelOrderDto,
    @Req() req: FastifyRequest,
  ) {
    return this.step(p, id, { kind: 'cancel', reason: dto.reason }, req);
  }

  @Post(':orderId/rate')
  @Access('write', ...HOTLINE)
  @HttpCode(200)
  @ApiOkResponse({ type: OrderView })
  async rate(
    @CurrentPrincipal() p: Principal,
    @Param('orderId') id: string,
    @Body() dto: RateOrderDto,
    @Req() req: FastifyRequest,
  ) {
    return this.step(p, id, { kind: 'rate', rating: dto.rating, complaint: dto.complaint ?? null }, req);
  }

  private async step(
    p: Principal,
    id: string,
    command: OrderCommand,
    req: FastifyRequest,
  ): Promise<OrderView> {
    const order = await this.steps.execute(p, parseId('orderId', id), command, String(req.id));
    this.outbox.notify();
    return this.view(order);
  }

  private view(order: Order): OrderView {
    return orderView(order, new Date(), this.config.slaOverrides);
  }
}
