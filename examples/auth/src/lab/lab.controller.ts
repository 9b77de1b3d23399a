import { Controller, Get, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { LabService } from './lab.service';

export class RestoredStoreDto {
  @ApiProperty({ enum: ['postgres', 'redis'] })
  store!: 'postgres' | 'redis';

  @ApiProperty({ example: 42.5 })
  ms!: number;
}

export class ResetDto {
  @ApiProperty({ type: [RestoredStoreDto] })
  restored!: RestoredStoreDto[];
}

export class ChecksumDto {
  @ApiProperty({ description: 'SHA-256 over every table (rows in key order) and sequence' })
  postgres!: string;

  @ApiProperty({ description: 'SHA-256 over every key, type and value' })
  redis!: string;
}

@ApiTags('lab')
@Controller('lab')
export class LabController {
  constructor(@Inject(LabService) private readonly lab: LabService) {}

  /** Every store back to the seed, without recreating a container. Logs everybody out. */
  @Post('reset')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ResetDto })
  async reset(): Promise<ResetDto> {
    return { restored: await this.lab.reset() };
  }

  /** Equal to the seed's right after a reset (and right after the first boot). */
  @Get('checksum')
  @ApiOkResponse({ type: ChecksumDto })
  checksum(): Promise<ChecksumDto> {
    return this.lab.checksum();
  }
}
