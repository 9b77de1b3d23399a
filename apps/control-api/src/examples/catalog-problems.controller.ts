import type { Catalog } from '@lab/catalog';
import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Access } from '../access/access.decorator';
import { CATALOG } from './catalog.provider';

export class CatalogProblemDto {
  @ApiProperty({ example: 'examples/caching/lab.yaml' }) file!: string;
  @ApiProperty({ example: 'services.0.ports.0', description: 'Where in the manifest; empty for YAML syntax' })
  path!: string;
  @ApiProperty({ example: 'must be between 1 and 65535' }) message!: string;
}

/** Manifests that did not load: for whoever writes them, without reading server logs. */
@ApiTags('examples')
@Controller('catalog/problems')
@Access('admin')
export class CatalogProblemsController {
  constructor(@Inject(CATALOG) private readonly catalog: Catalog) {}

  @Get()
  @ApiOkResponse({ type: [CatalogProblemDto] })
  list(): CatalogProblemDto[] {
    return this.catalog.problems.map(({ file, path, message }) => ({ file, path, message }));
  }
}
