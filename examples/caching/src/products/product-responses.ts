import { HttpStatus } from '@nestjs/common';
import type { Response } from 'express';
import { ProductNotFoundError, type ProductRead } from '../cache/product-cache.service';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';
import type { CacheInfoDto, ProductReadDto } from './product.dto';

/** Every read says how it was served, in a header (for curl -i) and in the body (for everyone else). */
export const CACHE_HEADER = 'X-Cache';

export function productNotFound(id: number, options: { cache?: CacheInfoDto } = {}): ProblemException {
  const remembered = options.cache?.key ? ' The answer is cached too (negative caching).' : '';
  return new ProblemException(HttpStatus.NOT_FOUND, `Product ${id} does not exist.${remembered}`, {
    type: problemType('product-not-found'),
    title: 'Product not found',
    headers: options.cache ? { [CACHE_HEADER]: options.cache.outcome } : {},
    extensions: options.cache ? { cache: options.cache } : {},
  });
}

/** A read's answer: 200 with the product, or a 404 that still says hit or miss. */
export function answerRead(id: number, read: ProductRead, response: Response): ProductReadDto {
  const cache: CacheInfoDto = { route: read.route, key: read.key, outcome: read.outcome, via: read.via, ms: read.ms };
  if (!read.product) throw productNotFound(id, { cache });
  response.setHeader(CACHE_HEADER, read.outcome);
  return { product: read.product, cache };
}

/** Domain errors of the write paths, as problems. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ProductNotFoundError) throw productNotFound(error.id);
    throw error;
  }
}
