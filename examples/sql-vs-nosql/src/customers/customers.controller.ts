import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
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
import { IdPipe, notFound, PageQueryDto, requireSomeField } from '../common/params';
import { problemResponse } from '@lab/http-problems';
import { OrderSummaryDto } from '../orders/order.dto';
import type { BookstoreStore } from '../stores/bookstore-store';
import { StorePipe } from '../stores/store.pipe';
import { CustomerDto, CustomerInputDto, CustomerPatchDto, WishlistItemDto } from './customer.dto';

@ApiTags('customers')
@ApiStoreParam()
@ApiBadRequestResponse(problemResponse('Invalid id or body'))
@Controller(':store/customers')
export class CustomersController {
  @Get()
  @ApiOkResponse({ type: [CustomerDto], description: 'By id' })
  list(@Param('store', StorePipe) store: BookstoreStore, @Query() page: PageQueryDto) {
    return store.listCustomers(page);
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse(problemResponse('No such customer'))
  async get(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number) {
    return (await store.getCustomer(id)) ?? throwNotFound(id);
  }

  @Post()
  @ApiCreatedResponse({ type: CustomerDto, description: 'Location names the new customer' })
  @ApiConflictResponse(problemResponse('sql and mongo: the email is taken (jsonb declares no unique key)'))
  async create(
    @Param('store', StorePipe) store: BookstoreStore,
    @Body() body: CustomerInputDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const customer = await store.createCustomer({ ...body });
    response.location(`/${store.name}/customers/${customer.id}`);
    return customer;
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a customer (every field; the wishlist stays)' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse(problemResponse('No such customer'))
  async replace(
    @Param('store', StorePipe) store: BookstoreStore,
    @Param('id', IdPipe) id: number,
    @Body() body: CustomerInputDto,
  ) {
    return (await store.updateCustomer(id, { ...body })) ?? throwNotFound(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields (orders keep their snapshot of name and email in jsonb/mongo)' })
  @ApiOkResponse({ type: CustomerDto })
  @ApiNotFoundResponse(problemResponse('No such customer'))
  async update(
    @Param('store', StorePipe) store: BookstoreStore,
    @Param('id', IdPipe) id: number,
    @Body() body: CustomerPatchDto,
  ) {
    requireSomeField(body);
    return (await store.updateCustomer(id, { ...body })) ?? throwNotFound(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse(problemResponse('No such customer'))
  @ApiConflictResponse(problemResponse('sql: the customer has orders (foreign key)'))
  async delete(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number): Promise<void> {
    if (!(await store.deleteCustomer(id))) throwNotFound(id);
  }

  @Get(':id/orders')
  @ApiOperation({
    summary: "The customer's order history, newest first",
    description: 'sql: orders JOIN order_lines JOIN books · jsonb/mongo: one read of self-contained order documents',
  })
  @ApiOkResponse({ type: [OrderSummaryDto] })
  @ApiNotFoundResponse(problemResponse('No such customer and no orders of theirs'))
  async orderHistory(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number) {
    const history = await store.orderHistory(id);
    // Document stores keep the orders of a deleted customer (snapshots): those stay readable.
    if (history.length === 0 && !(await store.getCustomer(id))) throwNotFound(id);
    return history;
  }

  @Get(':id/wishlist')
  @ApiOperation({ summary: 'The wishlist with prices: joined (sql) or embedded copies (jsonb, mongo)' })
  @ApiOkResponse({ type: [WishlistItemDto] })
  @ApiNotFoundResponse(problemResponse('No such customer'))
  async wishlist(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number) {
    const items = await store.wishlist(id);
    if (items.length === 0 && !(await store.getCustomer(id))) throwNotFound(id);
    return items;
  }
}

function throwNotFound(id: number): never {
  throw notFound(`customer ${id}`);
}
