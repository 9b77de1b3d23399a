import { ReadinessProbe } from '../sandbox-spec/sandbox-spec.schema';
import { probeHttp } from './http.probe';
import { probeMysql } from './mysql.probe';
import { probePostgres } from './postgres.probe';
import { probeRedis } from './redis.probe';
import { probeTcp } from './tcp.probe';

/** Where a probe reaches the service: the published host port of the probe's container port. */
export type PortLookup = (containerPort: number) => { host: string; port: number };

export function runProbe(probe: ReadinessProbe, reach: PortLookup, timeoutMs: number): Promise<void> {
  const { host, port } = reach(probe.port);
  switch (probe.kind) {
    case 'tcp':
      return probeTcp(host, port, timeoutMs);
    case 'postgres':
      return probePostgres(host, port, probe, timeoutMs);
    case 'redis':
      return probeRedis(host, port, probe, timeoutMs);
    case 'mysql':
      return probeMysql(host, port, timeoutMs);
    case 'http':
      return probeHttp(host, port, probe.path, probe.expectStatus, timeoutMs);
  }
}

export function describeProbe(probe: ReadinessProbe): string {
  return probe.kind === 'http' ? `http ${probe.path} on ${probe.port}` : `${probe.kind} on ${probe.port}`;
}
