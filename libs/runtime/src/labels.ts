/**
 * Labels are the truth about what exists: a reconcile loop finds, adopts or reaps every object
 * the product created by these keys alone, even after a crash that lost all memory of it.
 */
export const LABEL = {
  managed: 'lab.managed',
  sandbox: 'lab.sandbox',
  example: 'lab.example',
  owner: 'lab.owner',
  specHash: 'lab.spec-hash',
  service: 'lab.service',
  /** On a container created with its sandbox but started on first use (`startOnFirstUse`). */
  startOnFirstUse: 'lab.start-on-first-use',
} as const;

export interface SandboxIdentity {
  sandboxId: string;
  example: string;
  owner: string;
  specHash: string;
}

export function sandboxLabels(identity: SandboxIdentity, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...extra,
    [LABEL.managed]: 'true',
    [LABEL.sandbox]: identity.sandboxId,
    [LABEL.example]: identity.example,
    [LABEL.owner]: identity.owner,
    [LABEL.specHash]: identity.specHash,
  };
}

/** Deterministic names: a retry after a crash finds (and adopts) what the first attempt made. */
export const objectName = {
  network: (sandboxId: string) => `lab-${sandboxId}`,
  container: (sandboxId: string, service: string) => `lab-${sandboxId}-${service}`,
  volume: (sandboxId: string, service: string, volume: string) => `lab-${sandboxId}-${service}-${volume}`,
};

/** Docker label filters in the API's `key=value` form. */
export function labelFilters(filter: Record<string, string>): string[] {
  return Object.entries(filter).map(([key, value]) => `${key}=${value}`);
}
