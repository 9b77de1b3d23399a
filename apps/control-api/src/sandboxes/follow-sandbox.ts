import { Observable, takeWhile } from 'rxjs';
import { SandboxEvent, SandboxEventBus } from './sandbox-events';
import type { SandboxState } from './sandbox.record';

/** After these the sandbox has nothing more to tell: it is going away, or gone. */
const FINAL_STATES: readonly SandboxState[] = ['stopping', 'deleted'];

export interface FollowedSandbox {
  /** The current state, then every change and provisioning step; completes after a final state. One subscriber. */
  events: Observable<SandboxEvent>;
  /** Lets go of the bus when `events` is never subscribed (it is let go of when unsubscribed). */
  cancel: () => void;
}

/**
 * A sandbox's events as a client follows them. The bus is subscribed *before* the current state is
 * read, and what it publishes meanwhile is kept and told right after that state: a change made
 * while the state was being read is never lost (at worst a state is told twice).
 */
export async function followSandbox(
  bus: SandboxEventBus,
  sandboxId: string,
  readCurrent: () => Promise<SandboxEvent>,
): Promise<FollowedSandbox> {
  const early: SandboxEvent[] = [];
  let deliver: ((event: SandboxEvent) => void) | undefined;
  const subscription = bus.of(sandboxId).subscribe((event) => (deliver ? deliver(event) : early.push(event)));
  let current: SandboxEvent;
  try {
    current = await readCurrent();
  } catch (error) {
    subscription.unsubscribe();
    throw error;
  }
  const events = new Observable<SandboxEvent>((subscriber) => {
    subscriber.next(current);
    for (const event of early.splice(0)) subscriber.next(event);
    deliver = (event) => subscriber.next(event);
    return () => subscription.unsubscribe();
  }).pipe(takeWhile((event) => !(event.type === 'state' && FINAL_STATES.includes(event.state)), true));
  return { events, cancel: () => subscription.unsubscribe() };
}
