import { PUBLISH_HOST_IP, type SandboxRuntime, type SandboxStatus } from '@lab/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { SANDBOX_RUNTIME } from '../runtime/runtime.module';
import { SandboxEventBus } from './sandbox-events';
import { RecordedEndpoint, SandboxState } from './sandbox.record';
import { SandboxesRepository } from './sandboxes.repository';

export interface StatePatch {
  reason?: string | null;
  endpoints?: RecordedEndpoint[];
  failedAt?: Date;
}

/**
 * The one writer of a sandbox's `state`: every move is a compare-and-set (so a crash or a
 * concurrent actor never leaves a half-written row) and, when it happened, is published to the
 * sandbox's followers.
 */
@Injectable()
export class SandboxStates {
  constructor(
    @Inject(SANDBOX_RUNTIME) private readonly runtime: SandboxRuntime,
    private readonly sandboxes: SandboxesRepository,
    private readonly events: SandboxEventBus,
  ) {}

  /** Moves the row from one of `from` to `state`; `false` when another actor moved it first. */
  async move(id: string, from: readonly SandboxState[], state: SandboxState, patch: StatePatch = {}): Promise<boolean> {
    const changed = await this.sandboxes.transition(id, from, { ...patch, state }, new Date());
    if (changed) {
      const reason = patch.reason ?? null;
      this.events.publish({ sandboxId: id, type: 'state', state, reason, at: new Date().toISOString() });
    }
    return changed;
  }

  /** Records `ready` with the published ports the engine reports (after adoption by the reconciler). */
  async markReady(id: string, from: readonly SandboxState[], status: SandboxStatus | undefined): Promise<void> {
    const endpoints = status ? endpointsOf(status) : undefined;
    await this.move(id, from, 'ready', { reason: null, ...(endpoints ? { endpoints } : {}) });
  }

  /**
   * Stops its containers (kept, for their logs, LAB_FAILED_KEEP_MINUTES) and then records `failed`:
   * a failed sandbox no longer counts against any quota, so none of its containers may still run.
   * Throws, recording nothing, when the engine did not stop them: the row keeps counting and the
   * reconciler tries again.
   */
  async markFailed(id: string, from: readonly SandboxState[], reason: string): Promise<void> {
    await this.runtime.stop(id);
    await this.move(id, from, 'failed', { reason, failedAt: new Date() });
  }

  async markDeleted(id: string): Promise<void> {
    await this.move(id, ['provisioning', 'ready', 'resetting', 'stopping', 'failed'], 'deleted');
  }
}

export function endpointsOf(status: SandboxStatus): RecordedEndpoint[] {
  return recordedEndpoints(status.services.map((service) => ({ ...service, host: PUBLISH_HOST_IP })));
}

export function recordedEndpoints(
  services: { name: string; containerId: string; host: string; ports: Record<number, number> }[],
): RecordedEndpoint[] {
  return services.map(({ name, containerId, host, ports }) => ({
    name,
    containerId,
    host,
    ports: Object.fromEntries(Object.entries(ports).map(([port, hostPort]) => [String(port), hostPort])),
  }));
}
