import { ResolvedImage } from '../images/image-resolver.port';
import { validateSandboxSpec } from '../sandbox-spec/validate-sandbox-spec';
import { postgresRedisSpec } from '../testing/sample-specs';
import { buildContainerOptions } from './container-options';

const image: ResolvedImage = {
  key: 'postgres',
  reference: 'backend-lab/postgres:15-bookworm',
  variant: 'offline',
  user: '999:999',
  readOnlyRootfs: true,
  tmpfs: { '/tmp': 'rw,size=64m' },
  capAdd: [],
  env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
};

describe('buildContainerOptions', () => {
  const spec = validateSandboxSpec(postgresRedisSpec().spec, ['postgres', 'redis']);
  const options = buildContainerOptions({
    sandboxId: 's-1',
    service: spec.services[0]!,
    image,
    networkName: 'lab-s-1',
    labels: { 'lab.sandbox': 's-1' },
  });
  const host = options.HostConfig!;

  it('drops every capability, forbids escalation and privilege', () => {
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).toEqual([]);
    expect(host.SecurityOpt).toEqual(['no-new-privileges:true']);
    expect(host.Privileged).toBe(false);
  });

  it('limits pids, memory (without swap) and cpu from the spec', () => {
    expect(host.PidsLimit).toBe(128);
    expect(host.Memory).toBe(512 * 1024 * 1024);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.NanoCpus).toBe(1e9);
  });

  it('publishes only on 127.0.0.1 with a random host port', () => {
    expect(host.PortBindings).toEqual({ '5432/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });

  it('runs as the image user on a read-only rootfs, on the sandbox network, without host binds', () => {
    expect(options.User).toBe('999:999');
    expect(host.ReadonlyRootfs).toBe(true);
    expect(host.Tmpfs).toEqual({ '/tmp': 'rw,size=64m' });
    expect(host.NetworkMode).toBe('lab-s-1');
    expect(host.Binds).toBeUndefined();
    expect(host.Mounts).toEqual([]);
    expect(host.IpcMode).toBe('private');
  });

  it('lets the spec env override the image env and names the container deterministically', () => {
    expect(options.Env).toContain('PGDATA=/var/lib/postgresql/data/pgdata');
    expect(options.Env).toContain('POSTGRES_USER=lab');
    expect(options.name).toBe('lab-s-1-postgres');
  });
});
