import { createParamDecorator, ExecutionContext, HttpStatus, Injectable, PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import type { Request } from 'express';
import { MAX_PRODUCT_ID } from '../catalog/product';
import { ProblemException } from '@lab/http-problems';
import { problemType } from '../common/problem-types';

/**
 * `:id` as a product id: a positive integer that fits PostgreSQL's `integer`. Checked here so that
 * `/products/abc` or `/products/99999999999` is a 400 naming the problem, never a 500 from the
 * database ("value out of range") — and never a cache key built from garbage.
 */
@Injectable()
export class ProductIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : NaN;
    if (!(id <= MAX_PRODUCT_ID)) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        `"${value.slice(0, 40)}" is not a product id: expected an integer from 1 to ${MAX_PRODUCT_ID}.`,
        { type: problemType('invalid-product-id'), title: 'Invalid product id' },
      );
    }
    return id;
  }
}

/**
 * `@ProductId()`: the `:id` path segment through `ProductIdPipe`, as the raw text. A custom
 * decorator on purpose: the global ValidationPipe converts `@Param() id: number` with `+value`
 * first (so `1e3` became 1000 and `abc` NaN before any check); it leaves custom decorators alone.
 */
const rawIdParam = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const id = context.switchToHttp().getRequest<Request>().params['id'];
  return typeof id === 'string' ? id : '';
});

export const ProductId = (): ParameterDecorator => rawIdParam(undefined, ProductIdPipe);

/** The OpenAPI side of `@ProductId()` (swagger cannot see into a custom decorator). */
export const ApiProductIdParam = () =>
  ApiParam({ name: 'id', type: Number, example: 7, description: `Product id, 1 to ${MAX_PRODUCT_ID}` });
