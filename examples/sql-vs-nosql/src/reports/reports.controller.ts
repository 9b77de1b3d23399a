import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ApiStoreParam } from '../common/api-store-param';
import { LimitQueryDto } from '../common/params';
import { problemResponse } from '@lab/http-problems';
import type { BookstoreStore } from '../stores/bookstore-store';
import { StorePipe } from '../stores/store.pipe';

export class BookRevenueDto {
  @ApiProperty({ example: 11 }) bookId!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ example: 28 }) unitsSold!: number;
  @ApiProperty({ example: 162872, description: 'What was paid: quantity × unit price at purchase' })
  revenueCents!: number;
}

@ApiTags('reports')
@ApiStoreParam()
@Controller(':store/top-books')
export class ReportsController {
  @Get()
  @ApiOperation({
    summary: 'Best-selling books by revenue (ties by id)',
    description: 'sql: JOIN + GROUP BY · jsonb: jsonb_array_elements + GROUP BY · mongo: $unwind + $group',
  })
  @ApiOkResponse({ type: [BookRevenueDto] })
  @ApiBadRequestResponse(problemResponse('Invalid limit'))
  topBooks(@Param('store', StorePipe) store: BookstoreStore, @Query() query: LimitQueryDto) {
    return store.topBooks(query.limit);
  }
}
