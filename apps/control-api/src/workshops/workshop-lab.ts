import { Injectable } from '@nestjs/common';
import { StepProgress } from './workshop.record';
import { WorkshopEvents } from './workshop-events';
import { WorkshopsRepository } from './workshops.repository';

/** What a seat's lab looks like from the workshop: progress as the leader's board has it. */
export interface SeatLabProgress {
  steps: StepProgress[];
  evaluatedAt: Date;
}

/**
 * The face the lab self-service (console module) sees of workshops: whether the leader shows the
 * solutions, the seat's progress, and a student's own check written into the leader's board.
 */
@Injectable()
export class WorkshopLab {
  constructor(
    private readonly workshops: WorkshopsRepository,
    private readonly events: WorkshopEvents,
  ) {}

  async solutionsVisible(workshopId: string): Promise<boolean> {
    return (await this.workshops.findById(workshopId))?.solutionsVisible ?? false;
  }

  async progressOf(workshopId: string, sandboxId: string): Promise<SeatLabProgress | undefined> {
    const seat = await this.workshops.seatOfSandbox(workshopId, sandboxId);
    return seat?.progress && seat.progressAt ? { steps: seat.progress, evaluatedAt: seat.progressAt } : undefined;
  }

  /**
   * One step's result, checked by the student, into the seat's progress (the other steps keep
   * what the last evaluation said; never evaluated = not passed). No seat (any more): nothing.
   */
  async recordCheck(
    workshopId: string,
    sandboxId: string,
    stepIds: string[],
    checked: StepProgress,
    at: Date,
  ): Promise<void> {
    const seat = await this.workshops.seatOfSandbox(workshopId, sandboxId);
    if (!seat) return;
    const known = new Map((seat.progress ?? []).map((step) => [step.id, step.passed]));
    known.set(checked.id, checked.passed);
    const progress = stepIds.map((id) => ({ id, passed: known.get(id) ?? false }));
    await this.workshops.saveProgress(workshopId, seat.seat, progress, at);
    // The leader's board shows it at once.
    this.events.publish(workshopId, 'progress', seat.seat);
  }
}
