import { LabConfig } from '@lab/config';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LAB_CONFIG } from '../config.provider';
import { SeatProgress } from './seat-progress';
import { WorkshopEnder } from './workshop-ender';
import { WorkshopsRepository } from './workshops.repository';

/**
 * Every LAB_PROGRESS_SECONDS: evaluates the lab progress of running workshops' seats, and records
 * workshops whose end passed (their seat tokens revoked, their seats removed: see WorkshopEnder).
 */
@Injectable()
export class WorkshopScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkshopScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(LAB_CONFIG) private readonly config: LabConfig,
    private readonly workshops: WorkshopsRepository,
    private readonly progress: SeatProgress,
    private readonly ender: WorkshopEnder,
  ) {}

  onApplicationBootstrap(): void {
    // An early end (DELETE) interrupted by a crash: its seat tokens and seats are dealt with now.
    this.running = this.finishEndedEarly()
      .catch((error: unknown) => this.logger.warn(`finishing ended workshops failed: ${String(error)}`))
      .finally(() => (this.running = undefined));
    this.timer = setInterval(() => {
      this.running ??= this.tick()
        .catch((error: unknown) => this.logger.warn(`workshop pass failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.config.progressIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async finishEndedEarly(): Promise<void> {
    const now = new Date();
    for (const workshop of await this.workshops.listEndedEarly(now)) await this.ender.finish(workshop, now);
  }

  private async tick(): Promise<void> {
    const now = new Date();
    for (const workshop of await this.workshops.listActive()) {
      if (workshop.endsAt.getTime() <= now.getTime()) {
        await this.ender.end(workshop, now);
        continue;
      }
      await this.progress.evaluate(workshop.example, await this.workshops.seatsOf(workshop.id));
    }
  }
}
