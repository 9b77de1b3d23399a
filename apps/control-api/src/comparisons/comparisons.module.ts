import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LabConfigModule } from '../config.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { ComparisonEntity } from './comparison.entity';
import { ComparisonRuns } from './comparison-runs';
import { ComparisonsController } from './comparisons.controller';
import { ComparisonsRepository } from './comparisons.repository';
import { ComparisonsService } from './comparisons.service';

/** Comparing databases side by side on a sandbox: runs, their progress, stored results and reports. */
@Module({
  imports: [TypeOrmModule.forFeature([ComparisonEntity]), LabConfigModule, SandboxesModule],
  controllers: [ComparisonsController],
  providers: [ComparisonsService, ComparisonsRepository, ComparisonRuns],
})
export class ComparisonsModule {}
