import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LabConfigModule } from '../config.module';
import { ExamplesModule } from '../examples/examples.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { WorkshopsModule } from '../workshops/workshops.module';
import { ConsoleHistoryRepository } from './console-history.repository';
import { ConsoleQueryEntity } from './console-query.entity';
import { ConsoleRateGuard } from './console-rate.guard';
import { LabCheckEntity } from './lab-check.entity';
import { LabChecksRepository } from './lab-checks.repository';
import { LabController } from './lab.controller';
import { LabGuideService } from './lab-guide.service';
import { QueryController } from './query.controller';
import { QueryConsoleService } from './query-console.service';

/** What a student does in their sandbox from the browser: the lab guide and checks, the query console. */
@Module({
  imports: [
    TypeOrmModule.forFeature([LabCheckEntity, ConsoleQueryEntity]),
    LabConfigModule,
    ExamplesModule,
    SandboxesModule,
    WorkshopsModule,
  ],
  controllers: [LabController, QueryController],
  providers: [LabGuideService, LabChecksRepository, QueryConsoleService, ConsoleHistoryRepository, ConsoleRateGuard],
})
export class ConsoleModule {}
