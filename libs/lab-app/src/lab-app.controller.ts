import { Controller, Get, HttpCode, HttpStatus, Inject, Post, Res, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { labAppDtos } from './lab-app.dto';
import type { LabAppOptions } from './lab-app.options';
import { LabAppService } from './lab-app.service';

/**
 * The lab routes of one example app: `POST /lab/reset`, `GET /lab/checksum` (the control API calls
 * both) and `GET /health` (the sandbox's readiness probe). A class per app, because its OpenAPI
 * schemas name the app's stores.
 */
export function labAppController(options: LabAppOptions): Type {
  const { ResetDto, ChecksumDto, HealthDto } = labAppDtos(options.stores, options.health ?? 'flat');

  @ApiTags('lab')
  @Controller()
  class LabController {
    constructor(@Inject(LabAppService) private readonly lab: LabAppService) {}

    @Post('lab/reset')
    @HttpCode(HttpStatus.OK)
    @ApiOperation({ summary: 'Every store back to the seed, in place', description: options.resetDescription })
    @ApiOkResponse({ type: ResetDto })
    reset(): Promise<object> {
      return this.lab.reset();
    }

    @Get('lab/checksum')
    @ApiOperation({ summary: "A fingerprint of each store's data, equal to the seed's right after a reset" })
    @ApiOkResponse({ type: ChecksumDto })
    checksum(): Promise<object> {
      return this.lab.checksum();
    }

    @Get('health')
    @ApiOperation({ summary: 'Readiness: 200 once every store of this sandbox answers, 503 otherwise' })
    @ApiOkResponse({ type: HealthDto })
    @ApiServiceUnavailableResponse({ type: HealthDto })
    async health(@Res({ passthrough: true }) response: Response): Promise<object> {
      const { healthy, body } = await this.lab.health();
      if (!healthy) response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return body;
    }
  }
  return LabController;
}
