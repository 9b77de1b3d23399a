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
import type { BookstoreStore } from '../stores/bookstore-store';
import { StorePipe } from '../stores/store.pipe';
import { BookDto, BookInputDto, BookPatchDto, PriceChangeDto, PriceDto } from './book.dto';

@ApiTags('books')
@ApiStoreParam()
@ApiBadRequestResponse(problemResponse('Invalid id or body'))
@Controller(':store/books')
export class BooksController {
  @Get()
  @ApiOkResponse({ type: [BookDto], description: 'By id' })
  list(@Param('store', StorePipe) store: BookstoreStore, @Query() page: PageQueryDto) {
    return store.listBooks(page);
  }

  @Get(':id')
  @ApiOkResponse({ type: BookDto })
  @ApiNotFoundResponse(problemResponse('No such book'))
  async get(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number) {
    return (await store.getBook(id)) ?? throwNotFound(id);
  }

  @Post()
  @ApiCreatedResponse({ type: BookDto, description: 'Location names the new book' })
  async create(
    @Param('store', StorePipe) store: BookstoreStore,
    @Body() body: BookInputDto,
    @Res({ passthrough: true }) response: Response,
  ) {
    const book = await store.createBook({ ...body });
    response.location(`/${store.name}/books/${book.id}`);
    return book;
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replace a book (every field)' })
  @ApiOkResponse({ type: BookDto })
  @ApiNotFoundResponse(problemResponse('No such book'))
  async replace(
    @Param('store', StorePipe) store: BookstoreStore,
    @Param('id', IdPipe) id: number,
    @Body() body: BookInputDto,
  ) {
    return (await store.updateBook(id, { ...body })) ?? throwNotFound(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields; in the document stores, copies in wishlists follow' })
  @ApiOkResponse({ type: BookDto })
  @ApiNotFoundResponse(problemResponse('No such book'))
  async update(
    @Param('store', StorePipe) store: BookstoreStore,
    @Param('id', IdPipe) id: number,
    @Body() body: BookPatchDto,
  ) {
    requireSomeField(body);
    return (await store.updateBook(id, { ...body })) ?? throwNotFound(id);
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse(problemResponse('No such book'))
  @ApiConflictResponse(problemResponse('sql: orders reference the book (history keeps its books)'))
  async delete(@Param('store', StorePipe) store: BookstoreStore, @Param('id', IdPipe) id: number): Promise<void> {
    if (!(await store.deleteBook(id))) throwNotFound(id);
  }

  @Put(':id/price')
  @ApiOperation({
    summary: 'Set the price, and count what had to be rewritten',
    description:
      'Relational: one row. Document stores: the book plus every customer document whose wishlist ' +
      'embeds a copy of the price. Orders keep the price that was paid in both.',
  })
  @ApiOkResponse({ type: PriceChangeDto })
  @ApiNotFoundResponse(problemResponse('No such book'))
  async changePrice(
    @Param('store', StorePipe) store: BookstoreStore,
    @Param('id', IdPipe) id: number,
    @Body() body: PriceDto,
  ): Promise<PriceChangeDto> {
    const change = await store.changePrice(id, body.priceCents);
    // MongoDB counts documents *modified*: setting the same price matches the book but reports 0.
    if (change.updated === 0 && !(await store.getBook(id))) throwNotFound(id);
    return { bookId: id, priceCents: body.priceCents, ...change };
  }
}

function throwNotFound(id: number): never {
  throw notFound(`book ${id}`);
}
