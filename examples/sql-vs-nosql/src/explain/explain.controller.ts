import { Controller, Get, HttpStatus, Injectable, Param, PipeTransform, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ApiStoreParam } from '../common/api-store-param';
import { MAX_ID } from '../common/params';
import { ProblemException, problemResponse } from '@lab/http-problems';
import { BookstoreStore, QUERY_NAMES, QueryName } from '../stores/bookstore-store';
import { StorePipe } from '../stores/store.pipe';

@Injectable()
export class QueryNamePipe implements PipeTransform<string, QueryName> {
  transform(value: string): QueryName {
    if ((QUERY_NAMES as readonly string[]).includes(value)) return value as QueryName;
    throw new ProblemException(
      HttpStatus.NOT_FOUND,
      `There is no query "${value.slice(0, 40)}" to explain: try ${QUERY_NAMES.join(', ')}.`,
    );
  }
}

/** The parameters the queries take; each query uses the ones it needs. */
export class ExplainQueryDto {
  @ApiPropertyOptional({ default: 1, description: 'order-history, wishlist' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  customerId: number = 1;

  @ApiPropertyOptional({ default: 3, description: 'price-change' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ID)
  bookId: number = 3;

  @ApiPropertyOptional({ default: 5, description: 'top-books, recent-orders' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 5;

  @ApiPropertyOptional({ default: 1999, description: 'price-change' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  priceCents: number = 1999;

  @ApiPropertyOptional({
    default: false,
    description: 'PostgreSQL: EXPLAIN ANALYZE (the statement runs, in a transaction that is rolled back)',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  analyze: boolean = false;
}

export class PlanStepDto {
  @ApiProperty({ example: 1 }) depth!: number;
  @ApiProperty({ example: 'Index Scan', description: 'PostgreSQL node type, or MongoDB stage' }) operation!: string;
  @ApiPropertyOptional({ example: 'orders', description: 'Table or collection' }) on?: string;
  @ApiPropertyOptional({ example: 'orders_customer_history_idx' }) index?: string;
}

export class QueryPlanDto {
  @ApiProperty({ example: 'sql' }) store!: string;
  @ApiProperty({ example: 'order-history' }) query!: string;
  @ApiProperty({ description: 'The SQL text, or the MongoDB command/pipeline' }) statement!: unknown;
  @ApiProperty({ type: 'array', items: {}, example: [1] }) parameters!: unknown[];
  @ApiProperty({ type: [PlanStepDto], description: 'The plan, parents first: what runs, on what, by which index' })
  steps!: PlanStepDto[];
  @ApiProperty({ description: "The engine's full plan (EXPLAIN FORMAT JSON / MongoDB explain)" }) plan!: unknown;
}

@ApiTags('explain')
@ApiStoreParam()
@Controller(':store/explain')
export class ExplainController {
  @Get(':query')
  @ApiOperation({
    summary: 'How the store runs one of its queries',
    description:
      'The plan of the exact statement the API runs: EXPLAIN (FORMAT JSON) in PostgreSQL, explain ' +
      '(queryPlanner) in MongoDB. Compare Seq Scan/COLLSCAN with Index Scan/IXSCAN.',
  })
  @ApiParam({ name: 'query', enum: QUERY_NAMES })
  @ApiOkResponse({ type: QueryPlanDto })
  @ApiNotFoundResponse(problemResponse('No such query'))
  @ApiBadRequestResponse(problemResponse('Invalid parameters'))
  explain(
    @Param('store', StorePipe) store: BookstoreStore,
    @Param('query', QueryNamePipe) query: QueryName,
    @Query() args: ExplainQueryDto,
  ) {
    return store.explain(query, args);
  }
}
