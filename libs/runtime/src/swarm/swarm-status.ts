import type { SwarmService, SwarmTask } from '../docker/docker-client';
import { LABEL } from '../labels';
import type { SandboxStatus, ServiceState, ServiceStatus } from '../sandbox-runtime.port';
import { groupBySandboxLabels, type LabelledNetwork } from '../sandbox-status-groups';

/** How a task's state reads as a container's (the port speaks of containers). */
const STATE_OF_TASK: Record<string, ServiceState> = {
  new: 'created',
  allocated: 'created',
  pending: 'created',
  assigned: 'created',
  accepted: 'created',
  preparing: 'created',
  ready: 'created',
  starting: 'created',
  running: 'running',
  complete: 'exited',
  shutdown: 'exited',
  // The container ran and ended with an error (a crash, kill -9, an OOM kill).
  failed: 'exited',
  rejected: 'dead',
  orphaned: 'dead',
  remove: 'removing',
};

/** The task that stands for a service now: the newest one meant to run, else the newest of all. */
export function currentTask(tasks: readonly SwarmTask[]): SwarmTask | undefined {
  const newestFirst = [...tasks].sort((a, b) => b.CreatedAt.localeCompare(a.CreatedAt));
  return newestFirst.find((task) => task.DesiredState === 'running') ?? newestFirst[0];
}

export function serviceState(service: SwarmService, task: SwarmTask | undefined): ServiceState {
  // Scaled to zero (stopped): whatever its last task did, nothing runs.
  if (service.Spec.Mode?.Replicated?.Replicas === 0) return 'exited';
  if (!task) return 'created';
  return STATE_OF_TASK[task.Status.State] ?? 'dead';
}

/**
 * Container port → published host port of a running task (host mode: on the task's node).
 *
 * The first port listed for a target wins. An engine with IPv6 publishes a target twice, on
 * 0.0.0.0 then on [::], and Docker 20.10 may pick a different random port for each (its IPv4
 * ports run ahead once a lab sandbox published on 127.0.0.1 only). The [::] listener also takes
 * IPv4 connections (dual stack) but forwards them to the container's IPv6 address, which it does
 * not have, and closes them: probing that port read "Connection is closed" for 30 s.
 */
export function taskPorts(task: SwarmTask | undefined): Record<number, number> {
  const ports: Record<number, number> = {};
  if (task?.Status.State !== 'running') return ports;
  for (const port of task.Status.PortStatus?.Ports ?? []) {
    if (port.TargetPort && port.PublishedPort) ports[port.TargetPort] ??= port.PublishedPort;
  }
  return ports;
}

export type { LabelledNetwork } from '../sandbox-status-groups';

/**
 * One status per sandbox id from its services, their tasks and its networks. `hostOf` gives the
 * address of a task's node (undefined for a task that does not run).
 */
export function groupServices(
  services: readonly SwarmService[],
  tasks: readonly SwarmTask[],
  networks: readonly LabelledNetwork[],
  hostOf: (task: SwarmTask | undefined) => string | undefined,
): SandboxStatus[] {
  const labelled = services.map((service) => {
    const labels = service.Spec.Labels ?? {};
    const task = currentTask(tasks.filter((t) => t.ServiceID === service.ID));
    const host = task?.Status.State === 'running' ? hostOf(task) : undefined;
    const status: ServiceStatus = {
      name: labels[LABEL.service] ?? service.Spec.Name,
      containerId: service.ID,
      state: serviceState(service, task),
      ports: taskPorts(task),
      ...(host ? { host } : {}),
    };
    return { labels, status };
  });
  return groupBySandboxLabels(labelled, networks);
}
