import { Controller, Get, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { LabService } from './lab.service';

class RestoredDto {
  @ApiProperty({ example: 'postgres', description: 'postgres, or mongo when this sandbox has it' }) store!: string;
  @ApiProperty({ example: 180.4, description: 'Wall time of the restore' }) ms!: number;
}

class ResetDto {
  @ApiProperty({ type: [RestoredDto] }) restored!: RestoredDto[];
}

class ChecksumDto {
  @ApiProperty({ example: '3f5a…', description: 'sha256 over every table and sequence' }) postgres!: string;
  @ApiProperty({ required: false, description: 'sha256 over every collection, when MongoDB is configured' })
  mongo?: string;
}

class HealthDto {
  @ApiProperty({ example: 'ok', enum: ['ok', 'degraded'] }) status!: string;
  @ApiProperty({ example: { postgres: 'up', mongo: 'not configured' } }) stores!: Record<string, string>;
}

@ApiTags('lab')
@Controller()
export class LabController {
  constructor(private readonly lab: LabService) {}

  @Post('lab/reset')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Every store back to the seed',
    description:
      'PostgreSQL: DROP DATABASE … WITH (FORCE) and CREATE DATABASE … TEMPLATE <database>_seed (both models, ' +
      'your indexes included, go back). MongoDB: drop and reload. Containers, ports and passwords stay.',
  })
  @ApiOkResponse({ type: ResetDto })
  async reset(): Promise<ResetDto> {
    return { restored: await this.lab.reset() };
  }

  @Get('lab/checksum')
  @ApiOperation({ summary: "A fingerprint of each store's data, equal to the seed's right after a reset" })
  @ApiOkResponse({ type: ChecksumDto })
  checksum(): Promise<Record<string, string>> {
    return this.lab.checksum();
  }

  @Get('health')
  @ApiOperation({ summary: 'Readiness: 200 once every configured store answers' })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const stores = await this.lab.health();
    const healthy = !Object.values(stores).includes('down');
    if (!healthy) response.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { status: healthy ? 'ok' : 'degraded', stores };
  }
}
