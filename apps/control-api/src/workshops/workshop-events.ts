import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { filter, Observable, Subject } from 'rxjs';

/**
 * What changed on a workshop besides its seats' sandbox states (those come from the sandboxes'
 * own events): a seat joined, released, checked, evaluated, reset or brought back as a new
 * sandbox, or the workshop extended or ended. The leader's board reads the workshop again on each.
 */
export type WorkshopChange = 'joined' | 'released' | 'progress' | 'reset' | 'seat-sandbox' | 'extended' | 'ended';

export interface WorkshopEvent {
  workshopId: string;
  change: WorkshopChange;
  /** The seat concerned; absent for the whole workshop. */
  seat?: number;
  at: string;
}

/** In-process fan-out of workshop changes to the leaders' event streams (the database stays the truth). */
@Injectable()
export class WorkshopEvents implements OnModuleDestroy {
  private readonly events = new Subject<WorkshopEvent>();

  publish(workshopId: string, change: WorkshopChange, seat?: number): void {
    this.events.next({ workshopId, change, ...(seat === undefined ? {} : { seat }), at: new Date().toISOString() });
  }

  of(workshopId: string): Observable<WorkshopEvent> {
    return this.events.pipe(filter((event) => event.workshopId === workshopId));
  }

  onModuleDestroy(): void {
    this.events.complete();
  }
}
