import type { ContainerInfo } from 'dockerode';
import { LABEL } from '../labels';
import type { SandboxStatus, ServiceState } from '../sandbox-runtime.port';
import { groupBySandboxLabels, type LabelledNetwork } from '../sandbox-status-groups';

export type { LabelledNetwork } from '../sandbox-status-groups';

/** Groups labelled containers and networks into one status per sandbox id. */
export function groupBySandbox(containers: ContainerInfo[], networks: LabelledNetwork[]): SandboxStatus[] {
  const services = containers.map((container) => ({
    labels: container.Labels,
    status: {
      name: container.Labels[LABEL.service] ?? container.Names[0]?.replace(/^\//, '') ?? container.Id,
      containerId: container.Id,
      state: container.State as ServiceState,
      ports: publishedPorts(container.Ports),
      ...(container.Labels[LABEL.startOnFirstUse] === 'true' ? { startsOnFirstUse: true } : {}),
    },
  }));
  return groupBySandboxLabels(services, networks);
}

function publishedPorts(ports: ContainerInfo['Ports']): Record<number, number> {
  const result: Record<number, number> = {};
  for (const port of ports) if (port.PublicPort) result[port.PrivatePort] = port.PublicPort;
  return result;
}
