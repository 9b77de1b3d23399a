import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { filter, Observable, Subject } from 'rxjs';
import type { SandboxState } from './sandbox.record';

/** What a client following a sandbox is told: its state changed, or provisioning made progress. */
export type SandboxEvent =
  | { sandboxId: string; type: 'state'; state: SandboxState; reason: string | null; at: string }
  | { sandboxId: string; type: 'progress'; step: string; service?: string; message: string; at: string };

/** In-process fan-out of sandbox events to SSE subscribers. The database stays the source of truth. */
@Injectable()
export class SandboxEventBus implements OnModuleDestroy {
  private readonly events = new Subject<SandboxEvent>();

  publish(event: SandboxEvent): void {
    this.events.next(event);
  }

  of(sandboxId: string): Observable<SandboxEvent> {
    return this.events.pipe(filter((event) => event.sandboxId === sandboxId));
  }

  /** Whether anyone is subscribed (streams let go of the bus when they end). */
  get observed(): boolean {
    return this.events.observed;
  }

  onModuleDestroy(): void {
    this.events.complete();
  }
}
