import { Controller, Get, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProductCacheService } from '../cache/product-cache.service';
import { ApiProductIdParam, ProductId } from './product-id.pipe';
import { ProductReadDto } from './product.dto';
import { answerRead } from './product-responses';

/** One product, three ways: the same slow query behind cache-aside, read-through, or nothing. */
@ApiTags('reads')
@Controller()
export class ReadsController {
  constructor(private readonly cache: ProductCacheService) {}

  @Get('cache-aside/products/:id')
  @ApiProductIdParam()
  @ApiOperation({
    summary: 'Cache-aside: the app looks in Redis (aside:product:<id>), loads from PostgreSQL on a miss',
    description: 'No stampede protection: concurrent misses of one key all run the slow query.',
  })
  @ApiOkResponse({ type: ProductReadDto, description: 'X-Cache: hit | miss' })
  @ApiNotFoundResponse({ description: 'No such product; remembered for NEGATIVE_TTL_MS (negative caching)' })
  async cacheAside(@ProductId() id: number, @Res({ passthrough: true }) response: Response) {
    return answerRead(id, await this.cache.readAside(id), response);
  }

  @Get('read-through/products/:id')
  @ApiProductIdParam()
  @ApiOperation({
    summary: 'Read-through: the cache (catalog:product:<id>) loads on a miss, once per key (single-flight)',
  })
  @ApiOkResponse({ type: ProductReadDto, description: 'X-Cache: hit | miss' })
  @ApiNotFoundResponse({ description: 'No such product; remembered for NEGATIVE_TTL_MS (negative caching)' })
  async readThrough(@ProductId() id: number, @Res({ passthrough: true }) response: Response) {
    return answerRead(id, await this.cache.readThroughCache(id), response);
  }

  @Get('uncached/products/:id')
  @ApiProductIdParam()
  @ApiOperation({ summary: 'The baseline: the slow query with no cache (always X-Cache: miss)' })
  @ApiOkResponse({ type: ProductReadDto })
  @ApiNotFoundResponse({ description: 'No such product' })
  async uncached(@ProductId() id: number, @Res({ passthrough: true }) response: Response) {
    return answerRead(id, await this.cache.readUncached(id), response);
  }
}
