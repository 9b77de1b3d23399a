import { HttpStatus, Injectable, PipeTransform } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { ProblemException } from '@lab/http-problems';
import { problemType } from './problem-types';

/** Ids are PostgreSQL `integer`s: beyond 2^31−1 the database would fail instead of answering 404. */
export const MAX_ID = 2_147_483_647;

/**
 * `:id` → a positive integer, or a 400 that says so (never a database error). The global
 * ValidationPipe has already turned the text into a number (NaN for "abc") by the time this runs.
 */
@Injectable()
export class IdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    const id = typeof value === 'string' && /^[0-9]{1,10}$/.test(value) ? Number(value) : value;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw new ProblemException(
        HttpStatus.BAD_REQUEST,
        `The id in the path must be a whole number from 1 to ${MAX_ID}.`,
        { type: problemType('validation-failed'), title: 'Request validation failed' },
      );
    }
    return id;
  }
}

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class LimitQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 5;
}

/** A PATCH with nothing in it is a mistake worth telling, not a silent 200. */
export function requireSomeField(patch: object): void {
  if (Object.values(patch).every((value) => value === undefined)) {
    throw new ProblemException(HttpStatus.BAD_REQUEST, 'Nothing to change: send at least one field.', {
      type: problemType('validation-failed'),
      title: 'Request validation failed',
    });
  }
}

export function notFound(what: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, `There is no ${what}.`);
}
