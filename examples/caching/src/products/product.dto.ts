import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import type { Product, ProductFields } from '../catalog/product';

export class ProductDto implements Product {
  @ApiProperty({ example: 7 })
  id!: number;

  @ApiProperty({ example: 'Gentle Kettle' })
  name!: string;

  @ApiProperty({ example: 'home' })
  category!: string;

  @ApiProperty({ example: 3153, description: 'Price in cents' })
  priceCents!: number;

  @ApiProperty({ example: 49 })
  stock!: number;
}

/** PUT: the whole product (write-through and write-behind replace it). */
export class ReplaceProductDto implements ProductFields {
  @ApiProperty({ example: 'Gentle Kettle', minLength: 1, maxLength: 120 })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiProperty({ example: 'home', minLength: 1, maxLength: 40 })
  @IsString()
  @Length(1, 40)
  category!: string;

  @ApiProperty({ example: 1999, minimum: 0, maximum: 100_000_000 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  priceCents!: number;

  @ApiProperty({ example: 12, minimum: 0, maximum: 1_000_000 })
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  stock!: number;
}

/** PATCH: any of the fields, at least one (checked by the controller: an empty patch is a mistake). */
export class UpdateProductDto extends PartialType(ReplaceProductDto) {}

export const CACHE_OUTCOMES = ['hit', 'miss'] as const;

export class CacheInfoDto {
  @ApiProperty({ enum: ['cacheAside', 'readThrough', 'uncached'] })
  route!: string;

  @ApiPropertyOptional({ example: 'catalog:product:7', nullable: true, description: 'null for uncached reads' })
  key!: string | null;

  @ApiProperty({ enum: CACHE_OUTCOMES, description: 'Also in the X-Cache response header' })
  outcome!: 'hit' | 'miss';

  @ApiProperty({
    enum: ['cache', 'loader', 'coalesced', 'peer', 'uncached'],
    description:
      'cache: found in Redis; loader: this request ran the query; coalesced: joined a load running in this ' +
      'process; peer: waited for another lock holder; uncached: no cache on this route',
  })
  via!: string;

  @ApiProperty({ example: 0.84, description: 'Time to serve the read, in milliseconds' })
  ms!: number;
}

export class ProductReadDto {
  @ApiProperty({ type: ProductDto })
  product!: ProductDto;

  @ApiProperty({ type: CacheInfoDto })
  cache!: CacheInfoDto;
}

export class ProductUpdatedDto {
  @ApiProperty({ type: ProductDto })
  product!: ProductDto;

  @ApiProperty({ example: ['aside:product:3', 'catalog:product:3'], description: 'Cache keys deleted' })
  invalidated!: string[];
}

export class WriteThroughDto {
  @ApiProperty({ type: ProductDto })
  product!: ProductDto;

  @ApiProperty({ description: 'false if Redis refused after PostgreSQL accepted (the old copy was dropped)' })
  cached!: boolean;
}

export class WriteBehindAcceptedDto {
  @ApiProperty({ type: ProductDto })
  product!: ProductDto;

  @ApiProperty({ example: 1, description: 'Writes queued, not yet in PostgreSQL' })
  pending!: number;
}

export class PendingWritesDto {
  @ApiProperty({ example: 1 })
  pending!: number;
}

export class FlushedDto {
  @ApiProperty({ example: 1, description: 'Writes saved to PostgreSQL by this flush' })
  flushed!: number;

  @ApiProperty({ example: 0 })
  pending!: number;
}

export class StampedeRequestDto {
  @ApiProperty({ enum: ['cacheAside', 'readThrough'], example: 'readThrough' })
  @IsIn(['cacheAside', 'readThrough'])
  route!: 'cacheAside' | 'readThrough';

  @ApiProperty({ example: 42, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  id!: number;

  @ApiProperty({ example: 50, minimum: 1, maximum: 200 })
  @IsInt()
  @Min(1)
  @Max(200)
  readers!: number;
}
