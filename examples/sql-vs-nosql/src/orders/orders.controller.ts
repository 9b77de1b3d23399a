import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiStoreParam } from '../common/api-store-param';
import { IdPipe, LimitQueryDto, notFound } from '../common/params';
import { problemResponse } from '@lab/http-problems';
import type { BookstoreStore } from '../stores/bookstore-store';
import { StorePipe } from '../stores/store.pipe';
import { NewOrderDto, OrderDto, OrderSummaryDto, RecentOrderDto } from './order.dto';

@ApiTags('orders')
@ApiStoreParam()
@ApiBadRequestResponse(problemResponse('Invalid id, query or body'))
@Controller(':store/orders')
export class OrdersController {
  @Get()
  @ApiOperation({ summary: 'The newest orders of the shop (see GET /{store}/explain/recent-orders)' })
  @ApiOkResponse({ type: [RecentOrderDto] })
  recent(@Param('store', StorePipe) store: BookstoreStore, @Query() query: LimitQueryDto) {
    return store.recentOrders(query.limit);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  @ApiNotFoundResponse(problemResponse('No such order'))
  async get(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number) {
    return (await store.getOrder(id)) ?? throwNotFound(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Place an order: one transaction',
    description:
      'Takes each line from stock (conditional decrement, in book-id order) and writes the order, all or ' +
      'nothing: sql and jsonb in one PostgreSQL transaction, mongo in a multi-document transaction.',
  })
  @ApiCreatedResponse({ type: OrderSummaryDto, description: 'Location names the new order' })
  @ApiConflictResponse(problemResponse('A line asks for more copies than are in stock: nothing was written'))
  async place(
    @Param('store', StorePipe) store: BookstoreStore,
    @Body() body: NewOrderDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const order = await store.placeOrder({
      customerId: body.customerId,
      lines: body.lines.map(({ bookId, quantity }) => ({ bookId, quantity })),
    });
    response.location(`/${store.name}/orders/${order.orderId}`);
    return order;
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Erase an order (stock is not given back: this rewrites history)' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse(problemResponse('No such order'))
  async delete(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number): Promise<void> {
    if (!(await store.deleteOrder(id))) throwNotFound(id);
  }
}

function throwNotFound(id: number): never {
  throw notFound(`order ${id}`);
}
