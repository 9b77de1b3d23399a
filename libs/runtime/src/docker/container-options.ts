import type { ContainerCreateOptions } from 'dockerode';
import { ResolvedImage } from '../images/image-resolver.port';
import { objectName } from '../labels';
import { ServiceSpec } from '../sandbox-spec/sandbox-spec.schema';

/** Host side of every published port: loopback only, never 0.0.0.0. */
export const PUBLISH_HOST_IP = '127.0.0.1';

export interface ContainerPlan {
  sandboxId: string;
  service: ServiceSpec;
  image: ResolvedImage;
  networkName: string;
  labels: Record<string, string>;
}

/**
 * The create options for one service, hardened by default: every capability dropped (the image
 * kit may add back the few an image needs), no privilege escalation, pids/memory/cpu limits,
 * read-only rootfs with tmpfs where the image allows, ports on 127.0.0.1 only, no host binds,
 * never privileged and never sharing the host's network, pid or ipc namespaces.
 */
export function buildContainerOptions(plan: ContainerPlan): ContainerCreateOptions {
  const { sandboxId, service, image } = plan;
  const memoryBytes = service.limits.memoryMb * 1024 * 1024;
  const exposed = Object.fromEntries(service.ports.map((p) => [`${p}/tcp`, {}]));
  const bindings = Object.fromEntries(
    service.ports.map((p) => [`${p}/tcp`, [{ HostIp: PUBLISH_HOST_IP, HostPort: '' }]]),
  );
  return {
    name: objectName.container(sandboxId, service.name),
    Image: image.reference,
    Hostname: service.name,
    User: image.user,
    Env: Object.entries({ ...image.env, ...service.env }).map(([k, v]) => `${k}=${v}`),
    ...(service.command ? { Cmd: service.command } : {}),
    ExposedPorts: exposed,
    Labels: plan.labels,
    HostConfig: {
      NetworkMode: plan.networkName,
      PortBindings: bindings,
      Privileged: false,
      CapDrop: ['ALL'],
      CapAdd: image.capAdd,
      SecurityOpt: ['no-new-privileges:true'],
      ReadonlyRootfs: image.readOnlyRootfs,
      Tmpfs: { ...image.tmpfs, ...service.tmpfs },
      Mounts: service.volumes.map((v) => ({
        Type: 'volume' as const,
        Source: objectName.volume(sandboxId, service.name, v.source),
        Target: v.target,
      })),
      PidsLimit: service.limits.pids,
      Memory: memoryBytes,
      MemorySwap: memoryBytes, // no swap beyond the memory limit
      NanoCpus: Math.round(service.limits.cpus * 1e9),
      IpcMode: 'private',
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
    },
    NetworkingConfig: {
      EndpointsConfig: { [plan.networkName]: { Aliases: [service.name] } },
    },
  };
}
