import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LabConfigModule } from '../config.module';
import { ExamplesModule } from '../examples/examples.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { WorkshopsModule } from '../workshops/workshops.module';
import { ConsoleRateGuard } from './console-rate.guard';
import { LabCheckEntity } from './lab-check.entity';
import { LabChecksRepository } from './lab-checks.repository';
import { LabController } from './lab.controller';
import { LabGuideService } from './lab-guide.service';

/** What a student does in their sandbox from the browser: the lab guide and checks. */
@Module({
  imports: [
    TypeOrmModule.forFeature([LabCheckEntity]),
    LabConfigModule,
    ExamplesModule,
    SandboxesModule,
    WorkshopsModule,
  ],
  controllers: [LabController],
  providers: [LabGuideService, LabChecksRepository, ConsoleRateGuard],
})
export class ConsoleModule {}
