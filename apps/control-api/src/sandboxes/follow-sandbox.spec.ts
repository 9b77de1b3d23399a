import { firstValueFrom, take, toArray } from 'rxjs';
import { followSandbox } from './follow-sandbox';
import { SandboxEvent, SandboxEventBus } from './sandbox-events';
import type { SandboxState } from './sandbox.record';

const at = '2026-11-23T10:00:00.000Z';
const state = (sandboxId: string, value: SandboxState): SandboxEvent => ({
  sandboxId,
  type: 'state',
  state: value,
  reason: null,
  at,
});

/** The state a state event tells (other events tell none). */
function stateOf(event: SandboxEvent): string | undefined {
  return event.type === 'state' ? event.state : undefined;
}

describe('followSandbox', () => {
  it('still tells a `ready` published while the current state was being read', async () => {
    const bus = new SandboxEventBus();
    const followed = await followSandbox(bus, 'sb-1', async () => {
      // The read saw `provisioning`; the sandbox became ready before the read returned.
      bus.publish(state('sb-1', 'ready'));
      return state('sb-1', 'provisioning');
    });
    const told = await firstValueFrom(followed.events.pipe(take(2), toArray()));
    expect(told.map(stateOf)).toEqual(['provisioning', 'ready']);
  });

  it('tells later changes of this sandbox only, and ends after it is going away', async () => {
    const bus = new SandboxEventBus();
    const followed = await followSandbox(bus, 'sb-1', async () => state('sb-1', 'ready'));
    const told = firstValueFrom(followed.events.pipe(toArray()));
    bus.publish(state('sb-2', 'failed'));
    bus.publish(state('sb-1', 'resetting'));
    bus.publish(state('sb-1', 'stopping'));
    bus.publish(state('sb-1', 'deleted'));
    expect((await told).map(stateOf)).toEqual(['ready', 'resetting', 'stopping']);
  });

  it('lets go of the bus when the read fails', async () => {
    const bus = new SandboxEventBus();
    const reading = followSandbox(bus, 'sb-1', async () => {
      throw new Error('not yours');
    });
    await expect(reading).rejects.toThrow('not yours');
    expect(bus.observed).toBe(false);
  });
});
