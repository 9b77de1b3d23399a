import { expectData } from '@lab/api-client';
import { ResolvedImage } from '@lab/runtime';
import type { ContainerInspectInfo } from 'dockerode';
import { createTestLab } from '../support/lab-runtime';
import { ApiClient } from '../control-api/support/api-client';
import { ADMIN_TOKEN, ControlApi, startControlApi } from '../control-api/support/control-api';

// README, "Sandboxes are hardened by default", for every image of the kit that can run here
// (hardening.e2e-spec.ts covers the sample PostgreSQL + Redis spec) and for a sandbox launched
// through the control API, the way students get them.
const KIT = ['postgres', 'redis', 'mariadb', 'node', 'lab-apps'];
const KEEP_RUNNING = ['node', '-e', 'setInterval(() => {}, 1 << 30)'];

/** The host addresses the container's ports are published on. */
function hostIpsOf(bindings: unknown): string[] {
  const byPort = (bindings ?? {}) as Record<string, { HostIp: string }[] | null>;
  return [...new Set(Object.values(byPort).flatMap((list) => (list ?? []).map((binding) => binding.HostIp)))];
}

/** What `docker inspect` must say of any lab container made from `image`. */
function expectHardened(container: ContainerInspectInfo, image: ResolvedImage): void {
  const host = container.HostConfig;
  expect({
    image: image.key,
    capDrop: host.CapDrop,
    capAdd: host.CapAdd ?? [],
    securityOpt: host.SecurityOpt,
    privileged: host.Privileged,
    readOnlyRootfs: host.ReadonlyRootfs,
    user: container.Config.User,
    pidMode: host.PidMode ?? '',
    ipcMode: host.IpcMode,
    binds: host.Binds ?? [],
    memorySwapIsMemory: host.MemorySwap === host.Memory && (host.Memory ?? 0) > 0,
    pidsLimit: (host.PidsLimit ?? 0) > 0,
    nanoCpus: (host.NanoCpus ?? 0) > 0,
    tmpfs: host.Tmpfs ?? {},
    hostIps: hostIpsOf(host.PortBindings),
  }).toEqual({
    image: image.key,
    capDrop: ['ALL'],
    capAdd: image.capAdd,
    securityOpt: expect.arrayContaining(['no-new-privileges:true']),
    privileged: false,
    readOnlyRootfs: image.readOnlyRootfs,
    user: image.user,
    pidMode: '',
    ipcMode: 'private',
    binds: [],
    memorySwapIsMemory: true,
    pidsLimit: true,
    nanoCpus: true,
    // Every writable path of the kit entry, owned by the image's user (uid=/gid=).
    tmpfs: image.tmpfs,
    hostIps: expect.arrayContaining(['127.0.0.1']),
  });
  expect(container.Mounts.filter((m) => m.Type === 'bind')).toEqual([]);
  expect(container.Config.User).not.toMatch(/^0(:|$)/);
}

describe('runtime: every kit image runs hardened', () => {
  const lab = createTestLab();
  const id = lab.sandboxId('kit-hardened');
  const containers = new Map<string, ContainerInspectInfo>();
  const images = new Map<string, ResolvedImage>();

  beforeAll(async () => {
    for (const key of KIT) images.set(key, await lab.images.resolve(key));
    const sandbox = await lab.runtime.provision(
      id,
      {
        example: 'kit-hardening',
        owner: 'tester',
        services: [
          { name: 'postgres', image: 'postgres', env: { POSTGRES_PASSWORD: 'kit-check-password' }, ports: [5432] },
          { name: 'redis', image: 'redis', ports: [6379] },
          {
            name: 'mariadb',
            image: 'mariadb',
            env: { MARIADB_ROOT_PASSWORD: 'kit-check-password' },
            ports: [3306],
            limits: { memoryMb: 512 },
          },
          { name: 'node', image: 'node', command: KEEP_RUNNING, ports: [3000] },
          { name: 'apps', image: 'lab-apps', command: KEEP_RUNNING, ports: [3000] },
        ],
      },
      { labels: lab.labels },
    );
    for (const service of sandbox.services) {
      containers.set(service.name, (await lab.docker.inspectContainer(service.containerId))!);
    }
  }, 180_000);
  afterAll(() => lab.reap());

  it.each([
    ['postgres', 'postgres'],
    ['redis', 'redis'],
    ['mariadb', 'mariadb'],
    ['node', 'node'],
    ['apps', 'lab-apps'],
  ])('%s (%s): no capabilities, read-only root with owned tmpfs, non-root, limits, loopback ports', (service, key) => {
    expectHardened(containers.get(service)!, images.get(key)!);
  });
});

describe('control API: a launched sandbox runs hardened', () => {
  const lab = createTestLab();
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: 'test/fixtures/examples' } });
  });
  afterAll(async () => {
    try {
      await api?.close();
    } finally {
      await lab.reap();
    }
  });

  it('has the same hardening as the runtime gives, and the lab labels', async () => {
    const client = new ApiClient(api.base);
    const student = await client.issueToken(ADMIN_TOKEN, 'hal');
    const created = await expectData(client.as(student).POST('/api/sandboxes', { body: { example: 'tiny-sql' } }));
    await client.waitForSandbox(student, created.id, (s) => s.state === 'ready');
    const [service] = (await lab.runtime.inspect(created.id))!.services;
    const container = (await lab.docker.inspectContainer(service!.containerId))!;
    expectHardened(container, await lab.images.resolve('postgres'));
    expect(container.Config.Labels).toMatchObject({
      'lab.managed': 'true',
      'lab.sandbox': created.id,
      'lab.example': 'tiny-sql',
      'lab.owner': expect.any(String),
      'lab.spec-hash': expect.stringMatching(/^[0-9a-f]{16}$/),
      'lab.instance': expect.stringMatching(/^test-\d+-[0-9a-f]+$/),
    });
    expect((await client.call('DELETE', `sandboxes/${created.id}`, { token: student })).status).toBe(202);
    await client.waitForSandbox(student, created.id, (s) => s.state === 'deleted');
  });
});
