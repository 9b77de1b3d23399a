import type { ContainerTaskSpec } from 'dockerode';
import { ResolvedImage } from '../images/image-resolver.port';
import { validateSandboxSpec } from '../sandbox-spec/validate-sandbox-spec';
import { postgresRedisSpec } from '../testing/sample-specs';
import { buildServiceSpec, TMPFS_VOLUME_LABEL, tmpfsVolumeName } from './service-options';

const image: ResolvedImage = {
  key: 'postgres',
  reference: 'backend-lab/postgres:15-bookworm',
  variant: 'offline',
  user: '999:999',
  readOnlyRootfs: true,
  tmpfs: { '/tmp': 'rw,nosuid,nodev,size=64m,uid=999,gid=999' },
  capAdd: [],
  env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
};

describe('buildServiceSpec', () => {
  const spec = validateSandboxSpec(postgresRedisSpec().spec, ['postgres', 'redis']);
  const built = buildServiceSpec({
    sandboxId: 's-1',
    service: { ...spec.services[0]!, volumes: [{ source: 'data', target: '/data' }] },
    image,
    networkId: 'net-1',
    labels: { 'lab.sandbox': 's-1', 'lab.service': 'postgres' },
    constraints: ['node.labels.lab==sandboxes'],
  });
  const task = built.TaskTemplate as ContainerTaskSpec;
  const container = task.ContainerSpec!;

  it('names the service like the Docker adapter names the container, and labels it and its containers', () => {
    expect(built.Name).toBe('lab-s-1-postgres');
    expect(built.Labels).toEqual({ 'lab.sandbox': 's-1', 'lab.service': 'postgres' });
    expect(container.Labels).toEqual(built.Labels);
  });

  it('drops every capability, runs read-only as the image user', () => {
    expect(container.CapabilityDrop).toEqual(['ALL']);
    expect(container.CapabilityAdd).toEqual([]);
    expect(container.ReadOnly).toBe(true);
    expect(container.User).toBe('999:999');
  });

  it('limits pids, memory and cpu from the spec, and reserves half the memory for scheduling', () => {
    expect(task.Resources).toEqual({
      Limits: { NanoCPUs: 1e9, MemoryBytes: 512 * 1024 * 1024, Pids: 128 },
      Reservations: { MemoryBytes: 256 * 1024 * 1024 },
    });
  });

  it('runs one replica, never restarts, on the sandbox network under the configured constraints', () => {
    expect(built.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(task.RestartPolicy).toEqual({ Condition: 'none' });
    expect(task.Networks).toEqual([{ Target: 'net-1', Aliases: ['postgres'] }]);
    expect(task.Placement).toEqual({ Constraints: ['node.labels.lab==sandboxes'] });
  });

  it('publishes every port in host mode (never through the ingress mesh), with no virtual IP', () => {
    expect(built.EndpointSpec).toEqual({
      Mode: 'dnsrr',
      Ports: [{ Protocol: 'tcp', TargetPort: 5432, PublishMode: 'host' }],
    });
  });

  it('backs each tmpfs path with a labelled tmpfs volume that keeps the uid/gid options', () => {
    const tmp = container.Mounts!.find((m) => m.Target === '/tmp')!;
    expect(tmp).toMatchObject({
      Type: 'volume',
      Source: tmpfsVolumeName('s-1', 'postgres', '/tmp'),
      VolumeOptions: {
        Labels: { 'lab.sandbox': 's-1', 'lab.service': 'postgres', [TMPFS_VOLUME_LABEL]: 'true' },
        DriverConfig: {
          Name: 'local',
          Options: { type: 'tmpfs', device: 'tmpfs', o: 'rw,nosuid,nodev,size=64m,uid=999,gid=999' },
        },
      },
    });
  });

  it('mounts spec volumes as named volumes only (never a bind)', () => {
    expect(container.Mounts!.map((m) => m.Type)).toEqual(['volume', 'volume']);
    expect(container.Mounts!.find((m) => m.Target === '/data')).toMatchObject({ Source: 'lab-s-1-postgres-data' });
  });
});
