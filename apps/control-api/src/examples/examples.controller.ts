import type { Catalog } from '@lab/catalog';
import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { problemResponse } from '@lab/http-problems';
import { CATALOG } from './catalog.provider';
import { ExampleNotFoundException } from './example-not-found.error';
import { ExampleDto, toExampleDto } from './example.dto';

/** The catalog is public: anyone may see what can be launched. */
@ApiTags('examples')
@Controller('examples')
@Access('public')
export class ExamplesController {
  constructor(@Inject(CATALOG) private readonly catalog: Catalog) {}

  @Get()
  @ApiOkResponse({ type: [ExampleDto] })
  list(): ExampleDto[] {
    return this.catalog.examples.map(toExampleDto);
  }

  @Get(':name')
  @ApiOkResponse({ type: ExampleDto })
  @ApiNotFoundResponse(problemResponse('No such example'))
  get(@Param('name') name: string): ExampleDto {
    const example = this.catalog.examples.find((e) => e.name === name);
    if (!example)
      throw new ExampleNotFoundException(
        name,
        this.catalog.examples.map((e) => e.name),
      );
    return toExampleDto(example);
  }
}
