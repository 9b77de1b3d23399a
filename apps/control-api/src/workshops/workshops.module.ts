import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LabConfigModule } from '../config.module';
import { ExamplesModule } from '../examples/examples.module';
import { SandboxesModule } from '../sandboxes/sandboxes.module';
import { SessionModule } from '../session/session.module';
import { TokensModule } from '../tokens/tokens.module';
import { SeatProgress } from './seat-progress';
import { WorkshopEntity, WorkshopSeatEntity } from './workshop.entity';
import { WorkshopEnder } from './workshop-ender';
import { WorkshopEvents } from './workshop-events';
import { WorkshopLab } from './workshop-lab';
import { WorkshopScheduler } from './workshop-scheduler';
import { WorkshopsController } from './workshops.controller';
import { WorkshopsRepository } from './workshops.repository';
import { WorkshopsService } from './workshops.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([WorkshopEntity, WorkshopSeatEntity]),
    LabConfigModule,
    ExamplesModule,
    SandboxesModule,
    TokensModule,
    SessionModule,
  ],
  controllers: [WorkshopsController],
  providers: [
    WorkshopsRepository,
    WorkshopsService,
    SeatProgress,
    WorkshopScheduler,
    WorkshopEnder,
    WorkshopLab,
    WorkshopEvents,
  ],
  exports: [WorkshopLab],
})
export class WorkshopsModule {}
