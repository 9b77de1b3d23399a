import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import type { ContainerInspectInfo } from 'dockerode';
import { createTestLab } from '../support/lab-runtime';

/** Docker reports an unset list or mode as null or absent: the same as empty here. */
const orEmpty = <T extends string | unknown[]>(value: T | null | undefined): T | [] => value ?? [];

/** Reads `docker inspect` of every container the runtime created and checks the hardening. */
describe('runtime: containers are hardened', () => {
  const lab = createTestLab();
  const id = lab.sandboxId('hardened');
  const inspected: ContainerInspectInfo[] = [];

  beforeAll(async () => {
    const { spec } = postgresRedisSpec();
    const sandbox = await lab.runtime.provision(id, spec, { labels: lab.labels });
    for (const service of sandbox.services) inspected.push((await lab.docker.inspectContainer(service.containerId))!);
  });
  afterAll(() => lab.reap());

  it('inspects both containers', () => expect(inspected).toHaveLength(2));

  it.each(['postgres', 'redis'])('%s: all caps dropped, none added, no-new-privileges, not privileged', (name) => {
    const host = byService(name).HostConfig;
    expect(host.CapDrop).toEqual(['ALL']);
    expect(orEmpty(host.CapAdd)).toEqual([]);
    expect(host.SecurityOpt).toContain('no-new-privileges:true');
    expect(host.Privileged).toBe(false);
  });

  it.each(['postgres', 'redis'])('%s: pids, memory and cpu limits are set', (name) => {
    const host = byService(name).HostConfig;
    expect(host.PidsLimit).toBeGreaterThan(0);
    expect(host.Memory).toBeGreaterThan(0);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.NanoCpus).toBeGreaterThan(0);
  });

  it.each(['postgres', 'redis'])('%s: ports bound only on 127.0.0.1', (name) => {
    const bindings = Object.values(byService(name).NetworkSettings.Ports).flat();
    expect(bindings.length).toBeGreaterThan(0);
    for (const binding of bindings) expect(binding?.HostIp).toBe('127.0.0.1');
  });

  it.each(['postgres', 'redis'])(
    '%s: no host binds, own network, private namespaces, read-only rootfs, non-root',
    (name) => {
      const container = byService(name);
      const host = container.HostConfig;
      expect(orEmpty(host.Binds)).toEqual([]);
      expect(container.Mounts.filter((m) => m.Type === 'bind')).toEqual([]);
      expect(host.NetworkMode).toBe(`lab-${id}`);
      expect(orEmpty(host.PidMode)).toHaveLength(0);
      expect(host.IpcMode).toBe('private');
      expect(host.ReadonlyRootfs).toBe(true);
      expect(container.Config.User).toMatch(/^[1-9]\d*:\d+$/);
    },
  );

  it('the processes really run without capabilities and as non-root', async () => {
    const status = await lab.runtime.exec(id, 'postgres', ['grep', '-E', '^(Uid|CapEff|NoNewPrivs)', '/proc/1/status']);
    expect(status.stdout).toMatch(/CapEff:\s+0000000000000000/);
    expect(status.stdout).toMatch(/NoNewPrivs:\s+1/);
    expect(status.stdout).not.toMatch(/Uid:\s+0\s/);
  });

  function byService(name: string): ContainerInspectInfo {
    const found = inspected.find((c) => c.Config.Labels['lab.service'] === name);
    if (!found) throw new Error(`no container for ${name}`);
    return found;
  }
});
