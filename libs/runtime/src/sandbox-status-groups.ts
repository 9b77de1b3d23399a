import { LABEL } from './labels';
import type { SandboxStatus, ServiceStatus } from './sandbox-runtime.port';

export interface LabelledNetwork {
  name: string;
  labels: Record<string, string>;
}

/** A service's status, with the labels of the object it was read from (a container, a Swarm service). */
export interface LabelledService {
  labels: Record<string, string>;
  status: ServiceStatus;
}

/**
 * One status per sandbox id, made from the labels of the first of its objects seen; objects
 * without a sandbox label are left out. Every adapter groups what it lists this way.
 */
export function groupBySandboxLabels(
  services: readonly LabelledService[],
  networks: readonly LabelledNetwork[],
): SandboxStatus[] {
  const byId = new Map<string, SandboxStatus>();
  const entry = (labels: Record<string, string>) => {
    const id = labels[LABEL.sandbox];
    if (!id) return undefined;
    let status = byId.get(id);
    if (!status) {
      status = {
        id,
        example: labels[LABEL.example] ?? '',
        owner: labels[LABEL.owner] ?? '',
        specHash: labels[LABEL.specHash] ?? '',
        services: [],
        networks: [],
        labels,
      };
      byId.set(id, status);
    }
    return status;
  };
  for (const service of services) entry(service.labels)?.services.push(service.status);
  for (const network of networks) entry(network.labels)?.networks.push(network.name);
  return [...byId.values()].map((s) => ({ ...s, services: s.services.sort((a, b) => a.name.localeCompare(b.name)) }));
}
