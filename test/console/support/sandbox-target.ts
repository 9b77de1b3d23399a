import type { LabTarget } from '@lab/catalog';
import type { SandboxView } from '../../control-api/support/api-client';

/** Where a test applies a step's solution: what the student sees of the sandbox (its URLs). */
export function targetOf(sandbox: SandboxView): LabTarget {
  return {
    connections: Object.fromEntries(sandbox.services.map((service) => [service.name, service.url])),
    ...(sandbox.app ? { appUrl: new URL(sandbox.app.url).origin } : {}),
  };
}
