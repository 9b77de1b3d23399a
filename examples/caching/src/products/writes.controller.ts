import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProductCacheService } from '../cache/product-cache.service';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import { ApiProductIdParam, ProductId } from './product-id.pipe';
import {
  FlushedDto,
  PendingWritesDto,
  ProductUpdatedDto,
  ReplaceProductDto,
  UpdateProductDto,
  WriteBehindAcceptedDto,
  WriteThroughDto,
} from './product.dto';
import { orNotFound } from './product-responses';

@ApiTags('writes')
@Controller()
export class WritesController {
  constructor(private readonly cache: ProductCacheService) {}

  @Patch('products/:id')
  @ApiProductIdParam()
  @ApiOperation({ summary: 'Invalidation on update: PostgreSQL first, then every cached copy is deleted' })
  @ApiOkResponse({ type: ProductUpdatedDto })
  @ApiNotFoundResponse({ description: 'No such product' })
  update(@ProductId() id: number, @Body() fields: UpdateProductDto): Promise<ProductUpdatedDto> {
    if (Object.values(fields).every((value) => value === undefined)) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        'Nothing to update: send at least one of name, category, priceCents, stock.',
        { type: problemType('empty-update'), title: 'Empty update' },
      );
    }
    return orNotFound(this.cache.update(id, fields));
  }

  @Put('write-through/products/:id')
  @ApiProductIdParam()
  @ApiOperation({ summary: 'Write-through: PostgreSQL, then the cache, in this request (the next read is a hit)' })
  @ApiOkResponse({ type: WriteThroughDto })
  @ApiNotFoundResponse({ description: 'No such product' })
  writeThrough(@ProductId() id: number, @Body() product: ReplaceProductDto): Promise<WriteThroughDto> {
    return orNotFound(this.cache.replaceWriteThrough(id, product));
  }

  @Put('write-behind/products/:id')
  @ApiProductIdParam()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Write-behind: the cache now, PostgreSQL at the next flush (timer, full batch, or POST /write-behind/flush)',
  })
  @ApiAcceptedResponse({ type: WriteBehindAcceptedDto })
  @ApiNotFoundResponse({ description: 'No such product' })
  writeBehind(@ProductId() id: number, @Body() product: ReplaceProductDto): Promise<WriteBehindAcceptedDto> {
    return orNotFound(this.cache.replaceWriteBehind(id, product));
  }

  @Get('write-behind/pending')
  @ApiOperation({ summary: 'Writes accepted but not yet in PostgreSQL' })
  @ApiOkResponse({ type: PendingWritesDto })
  pending(): PendingWritesDto {
    return { pending: this.cache.pendingWrites };
  }

  @Post('write-behind/flush')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Save every queued write-behind write to PostgreSQL now, in batches' })
  @ApiOkResponse({ type: FlushedDto })
  async flush(): Promise<FlushedDto> {
    const flushed = await this.cache.flush();
    return { flushed, pending: this.cache.pendingWrites };
  }
}
