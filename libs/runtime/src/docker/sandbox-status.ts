import type { ContainerInfo } from 'dockerode';
import { LABEL } from '../labels';
import type { SandboxStatus, ServiceState } from '../sandbox-runtime.port';

export interface LabelledNetwork {
  name: string;
  labels: Record<string, string>;
}

/** Groups labelled containers and networks into one status per sandbox id. */
export function groupBySandbox(containers: ContainerInfo[], networks: LabelledNetwork[]): SandboxStatus[] {
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
  for (const container of containers) {
    entry(container.Labels)?.services.push({
      name: container.Labels[LABEL.service] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id,
      containerId: container.Id,
      state: container.State as ServiceState,
      ports: publishedPorts(container.Ports),
    });
  }
  for (const network of networks) entry(network.labels)?.networks.push(network.name);
  return [...byId.values()].map((s) => ({ ...s, services: s.services.sort((a, b) => a.name.localeCompare(b.name)) }));
}

function publishedPorts(ports: ContainerInfo['Ports']): Record<number, number> {
  const result: Record<number, number> = {};
  for (const port of ports) if (port.PublicPort) result[port.PrivatePort] = port.PublicPort;
  return result;
}
