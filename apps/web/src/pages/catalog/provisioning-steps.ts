import type { LabSchemas } from '@lab/api-client';

export type SandboxState = LabSchemas['SandboxDto']['state'];

/** The events of `GET /api/sandboxes/:id/events` (event name = `type`; data = the whole object). */
export type SandboxStreamEvent =
  | { type: 'state'; state: SandboxState; reason: string | null; at: string }
  | { type: 'progress'; step: string; service?: string; message: string; at: string };

export type StepState = 'waiting' | 'active' | 'done' | 'failed';

export interface ProvisioningStep {
  key: string;
  label: string;
  state: StepState;
  /** The latest message of this step (or the failure's reason). */
  detail?: string;
}

export const STEP_STATE_LABEL: Record<StepState, string> = {
  waiting: 'waiting',
  active: 'in progress',
  done: 'done',
  failed: 'failed',
};

/**
 * The provisioning steps of a launch as a list with each step's state, folded from the events seen
 * so far: the sandbox's private network, each service (created → waiting for readiness → ready),
 * then the sandbox ready. A claimed warm-pool sandbox is ready at once; a failure marks the step
 * that was running (or the next one due) failed with the reason.
 */
export function provisioningSteps(
  services: readonly string[],
  events: readonly SandboxStreamEvent[],
): ProvisioningStep[] {
  const network: ProvisioningStep = { key: 'network', label: 'Private network', state: 'active' };
  const byService = new Map<string, ProvisioningStep>(
    services.map((name) => [name, { key: `service:${name}`, label: `Service ${name}`, state: 'waiting' }]),
  );
  const sandbox: ProvisioningStep = { key: 'ready', label: 'Sandbox ready', state: 'waiting' };
  let final: Extract<SandboxStreamEvent, { type: 'state' }> | undefined;

  for (const event of events) {
    if (event.type === 'state') {
      if (event.state === 'ready' || event.state === 'failed') final = event;
      continue;
    }
    if (event.step === 'network' || !event.service) {
      network.state = 'done';
      network.detail = event.message;
      continue;
    }
    // A service's event means the network exists (an adopted network sends none).
    network.state = 'done';
    let step = byService.get(event.service);
    if (!step) {
      step = { key: `service:${event.service}`, label: `Service ${event.service}`, state: 'waiting' };
      byService.set(event.service, step);
    }
    step.state = event.step === 'ready' ? 'done' : 'active';
    step.detail = event.message;
  }

  const steps = [network, ...byService.values(), sandbox];
  if (final?.state === 'ready') {
    for (const step of steps) step.state = 'done';
  } else if (final?.state === 'failed') {
    const failing = steps.find((step) => step.state === 'active') ?? steps.find((step) => step.state === 'waiting');
    if (failing) {
      failing.state = 'failed';
      failing.detail = final.reason ?? 'it failed';
    }
    for (const step of steps) if (step.state === 'active') step.state = 'failed';
  } else if (network.state === 'done' && ![...byService.values()].some((step) => step.state === 'active')) {
    // Between two services' events: the next one due is being started.
    const next = [...byService.values()].find((step) => step.state === 'waiting');
    if (next) next.state = 'active';
    else sandbox.state = 'active';
  }
  return steps;
}
