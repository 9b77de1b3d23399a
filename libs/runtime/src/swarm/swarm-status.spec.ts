import type { SwarmService, SwarmTask } from '../docker/docker-client';
import { currentTask, groupServices, serviceState, taskPorts } from './swarm-status';

const service = (replicas: number, labels: Record<string, string> = {}): SwarmService => ({
  ID: 'svc-1',
  Version: { Index: 1 },
  Spec: { Name: 'lab-s-1-postgres', Labels: labels, Mode: { Replicated: { Replicas: replicas } } },
});

const task = (state: string, createdAt: string, desired = 'running', ports: number[][] = []): SwarmTask => ({
  ID: `task-${createdAt}`,
  ServiceID: 'svc-1',
  NodeID: 'node-1',
  CreatedAt: createdAt,
  DesiredState: desired,
  Status: {
    State: state,
    PortStatus: { Ports: ports.map(([target, published]) => ({ TargetPort: target, PublishedPort: published })) },
  },
});

describe('swarm status', () => {
  it('takes the newest task meant to run as the current one', () => {
    const old = task('failed', '2026-01-01T00:00:01Z', 'shutdown');
    const fresh = task('running', '2026-01-01T00:00:02Z');
    expect(currentTask([old, fresh])).toBe(fresh);
    expect(currentTask([old])).toBe(old);
    expect(currentTask([])).toBeUndefined();
  });

  it('reads task states as container states; a service scaled to zero is exited', () => {
    expect(serviceState(service(1), task('running', 'a'))).toBe('running');
    expect(serviceState(service(1), task('preparing', 'a'))).toBe('created');
    expect(serviceState(service(1), task('failed', 'a'))).toBe('exited');
    expect(serviceState(service(1), task('rejected', 'a'))).toBe('dead');
    expect(serviceState(service(1), undefined)).toBe('created');
    expect(serviceState(service(0), task('running', 'a'))).toBe('exited');
  });

  it('reports published ports only for a running task', () => {
    expect(taskPorts(task('running', 'a', 'running', [[5432, 30001]]))).toEqual({ 5432: 30001 });
    expect(taskPorts(task('failed', 'a', 'running', [[5432, 30001]]))).toEqual({});
  });

  it('takes the first port of a target published twice (0.0.0.0, then [::] on another port)', () => {
    const dualStack = task('running', 'a', 'running', [
      [6379, 32790],
      [6379, 32788],
      [5432, 32791],
    ]);
    expect(taskPorts(dualStack)).toEqual({ 6379: 32790, 5432: 32791 });
  });

  it('groups services by sandbox with the node address of running tasks', () => {
    const labels = { 'lab.sandbox': 's-1', 'lab.service': 'postgres', 'lab.example': 'x', 'lab.owner': 'o' };
    const [status] = groupServices(
      [service(1, labels)],
      [task('running', 'a', 'running', [[5432, 30001]])],
      [{ name: 'lab-s-1', labels }],
      () => '10.0.0.7',
    );
    expect(status).toMatchObject({
      id: 's-1',
      example: 'x',
      owner: 'o',
      networks: ['lab-s-1'],
      services: [
        { name: 'postgres', containerId: 'svc-1', state: 'running', ports: { 5432: 30001 }, host: '10.0.0.7' },
      ],
    });
  });
});
