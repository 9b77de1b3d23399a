/// <reference types="jest" />
// Pure logic of the page, run by the unit project (the web tsconfig has no Jest globals of its own).
import { provisioningSteps, SandboxStreamEvent } from './provisioning-steps';

const at = '2026-01-01T00:00:00.000Z';
const progress = (step: string, message: string, service?: string): SandboxStreamEvent => ({
  type: 'progress',
  step,
  message,
  at,
  ...(service ? { service } : {}),
});
const states = (steps: ReturnType<typeof provisioningSteps>) => steps.map((step) => `${step.key}=${step.state}`);

describe('provisioningSteps', () => {
  it('starts with the network in progress and every service waiting', () => {
    const steps = provisioningSteps(['postgres', 'app'], [{ type: 'state', state: 'provisioning', reason: null, at }]);
    expect(states(steps)).toEqual([
      'network=active',
      'service:postgres=waiting',
      'service:app=waiting',
      'ready=waiting',
    ]);
  });

  it('follows each service from created to ready, with the latest message', () => {
    const steps = provisioningSteps(
      ['postgres', 'app'],
      [
        progress('network', 'network lab-x created'),
        progress('create', 'container abc created', 'postgres'),
        progress('readiness', 'waiting for tcp', 'postgres'),
        progress('ready', 'postgres is ready', 'postgres'),
      ],
    );
    expect(states(steps)).toEqual(['network=done', 'service:postgres=done', 'service:app=active', 'ready=waiting']);
    expect(steps[1]!.detail).toBe('postgres is ready');
  });

  it('marks every step done when the sandbox is ready (a warm-pool claim sends no progress)', () => {
    const steps = provisioningSteps(['redis'], [{ type: 'state', state: 'ready', reason: null, at }]);
    expect(states(steps)).toEqual(['network=done', 'service:redis=done', 'ready=done']);
  });

  it('marks the running step failed with the reason', () => {
    const steps = provisioningSteps(
      ['postgres'],
      [
        progress('network', 'network created'),
        progress('readiness', 'waiting for tcp', 'postgres'),
        { type: 'state', state: 'failed', reason: 'postgres is exited', at },
      ],
    );
    expect(steps.find((step) => step.state === 'failed')).toEqual(
      expect.objectContaining({ key: 'service:postgres', detail: 'postgres is exited' }),
    );
  });
});
