import { probeEngine, type EngineName } from '@lab/engines';
import { ReadinessProbe } from '../sandbox-spec/sandbox-spec.schema';
import { probeHttp } from './http.probe';
import { probeTcp } from './tcp.probe';

/** Where a probe reaches the service: the published host port of the probe's container port. */
export type PortLookup = (containerPort: number) => { host: string; port: number };

/**
 * The engine probes' first names, kept so that existing manifests and specs stay valid; a new one
 * says `kind: engine` with the engine's name. The probes themselves live in @lab/engines.
 */
const ENGINE_OF_PROBE_KIND: Record<'postgres' | 'mysql' | 'redis', EngineName> = {
  postgres: 'postgresql',
  mysql: 'mariadb',
  redis: 'redis',
};

export function runProbe(probe: ReadinessProbe, reach: PortLookup, timeoutMs: number): Promise<void> {
  const { host, port } = reach(probe.port);
  switch (probe.kind) {
    case 'tcp':
      return probeTcp(host, port, timeoutMs);
    case 'http':
      return probeHttp(host, port, probe.path, probe.expectStatus, timeoutMs);
    case 'engine':
      return probeEngine(probe.engine, host, port, probe, timeoutMs);
    case 'mysql':
      return probeEngine(ENGINE_OF_PROBE_KIND.mysql, host, port, {}, timeoutMs);
    default:
      return probeEngine(ENGINE_OF_PROBE_KIND[probe.kind], host, port, probe, timeoutMs);
  }
}

export function describeProbe(probe: ReadinessProbe): string {
  if (probe.kind === 'http') return `http ${probe.path} on ${probe.port}`;
  if (probe.kind === 'engine') return `${probe.engine} on ${probe.port}`;
  return `${probe.kind} on ${probe.port}`;
}
