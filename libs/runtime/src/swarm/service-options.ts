import type { MountSettings, ServiceSpec as SwarmServiceSpec } from 'dockerode';
import { createHash } from 'node:crypto';
import { ResolvedImage } from '../images/image-resolver.port';
import { objectName } from '../labels';
import { ServiceSpec } from '../sandbox-spec/sandbox-spec.schema';

/** Marks the volumes that stand in for Docker's tmpfs mounts (not the spec's own volumes). */
export const TMPFS_VOLUME_LABEL = 'lab.tmpfs';

/**
 * Memory a task reserves on its node, as a share of its limit: the scheduler then places no more
 * sandboxes on a node than half-used limits fit (databases in a lab rarely reach their limit).
 */
export const MEMORY_RESERVATION_SHARE = 0.5;

export interface ServicePlan {
  sandboxId: string;
  service: ServiceSpec;
  image: ResolvedImage;
  networkId: string;
  labels: Record<string, string>;
  /** Placement constraints from configuration (`node.labels.lab==sandboxes`…). */
  constraints: readonly string[];
}

/**
 * The name of the volume that replaces one tmpfs path: deterministic (an adoption finds it again)
 * and short (a hash of the path, not the path).
 */
export function tmpfsVolumeName(sandboxId: string, service: string, path: string): string {
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  return `${objectName.container(sandboxId, service)}-tmpfs-${hash}`;
}

/**
 * One swarm service per sandbox container, hardened as far as Swarm can say it (README of
 * libs/runtime, "Swarm"): every capability dropped, read-only root, the image's user, limits incl.
 * pids, no restart, ports published in host mode on the task's node, one replica.
 *
 * Swarm's own tmpfs mounts take no uid/gid (a database refuses a root-owned data directory), so
 * each tmpfs path is a node-local volume of the `local` driver backed by tmpfs with the same
 * options as Docker's (size, uid, gid, mode), labelled like everything else and removed with the
 * sandbox. The image's content is copied into it on first use, as Docker does for a tmpfs.
 */
export function buildServiceSpec(plan: ServicePlan): SwarmServiceSpec & { Name: string } {
  const { sandboxId, service, image } = plan;
  const memoryBytes = service.limits.memoryMb * 1024 * 1024;
  const labels = plan.labels;
  const tmpfs: MountSettings[] = Object.entries({ ...image.tmpfs, ...service.tmpfs }).map(([path, options]) => ({
    Type: 'volume',
    Target: path,
    Source: tmpfsVolumeName(sandboxId, service.name, path),
    VolumeOptions: {
      NoCopy: false,
      Labels: { ...labels, [TMPFS_VOLUME_LABEL]: 'true' },
      DriverConfig: { Name: 'local', Options: { type: 'tmpfs', device: 'tmpfs', o: options || 'size=64m' } },
    },
  }));
  const volumes: MountSettings[] = service.volumes.map((volume) => ({
    Type: 'volume',
    Target: volume.target,
    Source: objectName.volume(sandboxId, service.name, volume.source),
    VolumeOptions: { NoCopy: false, Labels: labels, DriverConfig: { Name: 'local', Options: {} } },
  }));
  return {
    Name: objectName.container(sandboxId, service.name),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: image.reference,
        Labels: labels,
        Hostname: service.name,
        User: image.user,
        Env: Object.entries({ ...image.env, ...service.env }).map(([k, v]) => `${k}=${v}`),
        // A spec's `command` replaces the image's CMD (Docker's Cmd), which Swarm calls Args.
        ...(service.command ? { Args: service.command } : {}),
        ReadOnly: image.readOnlyRootfs,
        CapabilityDrop: ['ALL'],
        CapabilityAdd: image.capAdd,
        Mounts: [...tmpfs, ...volumes],
        StopGracePeriod: 5e9,
      },
      Resources: {
        Limits: {
          NanoCPUs: Math.round(service.limits.cpus * 1e9),
          MemoryBytes: memoryBytes,
          Pids: service.limits.pids,
        },
        Reservations: { MemoryBytes: Math.round(memoryBytes * MEMORY_RESERVATION_SHARE) },
      },
      // No restart: a crash is reported (the reconciler decides), as with the Docker adapter.
      RestartPolicy: { Condition: 'none' },
      Placement: { Constraints: [...plan.constraints] },
      Networks: [{ Target: plan.networkId, Aliases: [service.name] }],
      LogDriver: { Name: 'json-file', Options: { 'max-size': '1m', 'max-file': '2' } },
    },
    Mode: { Replicated: { Replicas: 1 } },
    EndpointSpec: {
      // DNS round robin: the service name resolves to the task itself, as a Docker network alias does
      // (no virtual IP, which host-mode ports do not need).
      Mode: 'dnsrr',
      Ports: service.ports.map((port) => ({ Protocol: 'tcp', TargetPort: port, PublishMode: 'host' })),
    },
  };
}
