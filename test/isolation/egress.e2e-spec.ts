import { BRIDGE_NAME_OPTION, checkEgressPolicy, sandboxLabels, type SandboxSpecInput } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { execFileSync } from 'node:child_process';
import { createServer, Server } from 'node:net';
import Redis from 'ioredis';
import { createTestLab } from '../support/lab-runtime';
import { ip, TargetNamespace, tcpAnswers } from './support/namespaces';

// Stand-ins for what a sandbox must not reach, served from a namespace of this test's own (see
// TargetNamespace): nothing is sent to a real metadata service, LAN host or internet host.
const METADATA = '169.254.169.254';
const LAN_HOST = '192.168.77.10';
const INTERNET_HOST = '198.51.100.10'; // TEST-NET-2
const TARGET_PORT = 8080;

/** Exit code of a TCP connect from inside a sandbox's container: 0 = connected; bounded by 2 s. */
async function connectFrom(
  lab: ReturnType<typeof createTestLab>,
  sandboxId: string,
  service: string,
  host: string,
  port: number,
): Promise<number> {
  const result = await lab.runtime.exec(
    sandboxId,
    service,
    ['bash', '-c', 'timeout 2 bash -c "exec 3<>/dev/tcp/$0/$1"', host, String(port)],
    { timeoutMs: 15_000 },
  );
  return result.exitCode;
}

function redisOnly(example: string, egress?: 'internet'): SandboxSpecInput {
  const redis = postgresRedisSpec().spec.services[1]!;
  return { example, owner: 'tester', services: [redis], ...(egress ? { egress } : {}) };
}

/**
 * Issue 9, item 1: a sandbox's containers reach only the services of their own sandbox. Real
 * engine, real rules (docker/egress.sh, run here as CI does through docker/engine.sh).
 */
describe('isolation: sandboxes have no egress', () => {
  const lab = createTestLab();
  const own = lab.sandboxId('iso-a');
  const other = lab.sandboxId('iso-b');
  const open = lab.sandboxId('iso-x');
  const targets = new TargetNamespace(`lab-egress-test-${lab.runId}`, [METADATA, LAN_HOST, INTERNET_HOST], TARGET_PORT);
  let hostListener: Server;
  let hostPort: number;
  let gateway: string;
  let otherRedis: string;
  let ownRedisPort: number;
  let redisPassword: string;

  beforeAll(async () => {
    execFileSync('bash', ['docker/egress.sh'], { stdio: 'pipe' });
    await targets.create();
    // Stands for the control API on *:3000 and anything else listening on the host.
    hostListener = createServer((socket) => socket.on('error', () => undefined).end('host\n'));
    await new Promise<void>((resolve) => hostListener.listen(0, '0.0.0.0', resolve));
    hostPort = (hostListener.address() as { port: number }).port;

    const pgRedis = postgresRedisSpec();
    redisPassword = pgRedis.redisPassword;
    const [a, b] = await Promise.all([
      lab.runtime.provision(own, { ...pgRedis.spec, example: 'isolation-check' }, { labels: lab.labels }),
      lab.runtime.provision(other, redisOnly('isolation-check'), { labels: lab.labels }),
      lab.runtime.provision(open, redisOnly('isolation-open', 'internet'), { labels: lab.labels }),
    ]);
    ownRedisPort = a.services.find((s) => s.name === 'redis')!.ports[6379]!;
    const ownNetwork = Object.values(
      (await lab.docker.inspectContainer(a.services[0]!.containerId))!.NetworkSettings.Networks,
    )[0]!;
    gateway = ownNetwork.Gateway;
    const otherNetwork = Object.values(
      (await lab.docker.inspectContainer(b.services[0]!.containerId))!.NetworkSettings.Networks,
    )[0]!;
    otherRedis = otherNetwork.IPAddress;
  });

  afterAll(async () => {
    await lab.reap();
    hostListener?.close();
    targets.destroy();
  });

  it('the rules docker/egress.sh installs pass the check the control API runs at start', async () => {
    await expect(checkEgressPolicy()).resolves.toEqual({ ok: true });
  });

  it('sandbox bridges carry the names the rules match (labx- for an example that asked for egress)', async () => {
    const bridge = async (id: string) =>
      String((await lab.docker.inspectNetwork(`lab-${id}`))!.options[BRIDGE_NAME_OPTION]);
    expect(await bridge(own)).toMatch(/^lab-[0-9a-f]{11}$/);
    expect(await bridge(open)).toMatch(/^labx-[0-9a-f]{10}$/);
    expect(ip('-br', 'link', 'show', await bridge(own))).toMatch(/^lab-/);
  });

  it('control: the stand-ins are routed into the test namespace and answer from the host', async () => {
    for (const target of [METADATA, LAN_HOST, INTERNET_HOST]) {
      expect(targets.routeDevice(target)).toBe(targets.hostSide);
      await expect(tcpAnswers(target, TARGET_PORT)).resolves.toBe(true);
    }
  });

  it("control: the host reaches its listener on the sandbox's gateway and the other sandbox's service", async () => {
    await expect(tcpAnswers(gateway, hostPort)).resolves.toBe(true);
    await expect(tcpAnswers(otherRedis, 6379)).resolves.toBe(true);
  });

  it('a service of the same sandbox answers (by its name)', async () => {
    await expect(connectFrom(lab, own, 'redis', 'postgres', 5432)).resolves.toBe(0);
  });

  it('students still reach the published port from the host', async () => {
    const client = new Redis({ host: '127.0.0.1', port: ownRedisPort, password: redisPassword, lazyConnect: true });
    try {
      await client.connect();
      await expect(client.ping()).resolves.toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it.each([
    ['the metadata address', () => [METADATA, TARGET_PORT] as const],
    ['a LAN host', () => [LAN_HOST, TARGET_PORT] as const],
    ['an internet host', () => [INTERNET_HOST, TARGET_PORT] as const],
    [
      "the host on the sandbox's gateway (where the control API answered on *:3000)",
      () => [gateway, hostPort] as const,
    ],
    ["the host on another of its addresses (the test namespace's link)", () => ['198.18.77.1', hostPort] as const],
    ["another sandbox's service", () => [otherRedis, 6379] as const],
  ])('from a sandbox container, %s fails within 2 s', async (_what, target) => {
    const [host, port] = target();
    await expect(connectFrom(lab, own, 'redis', host, port)).resolves.not.toBe(0);
  });

  it('an example with `egress: internet` reaches a public address', async () => {
    await expect(connectFrom(lab, open, 'redis', INTERNET_HOST, TARGET_PORT)).resolves.toBe(0);
  });

  it.each([
    ['the metadata address', () => [METADATA, TARGET_PORT] as const],
    ['a LAN host', () => [LAN_HOST, TARGET_PORT] as const],
    ['the host on its gateway', () => [gateway, hostPort] as const],
    ["another sandbox's service", () => [otherRedis, 6379] as const],
  ])('an example with `egress: internet` still fails for %s within 2 s', async (_what, target) => {
    const [host, port] = target();
    await expect(connectFrom(lab, open, 'redis', host, port)).resolves.not.toBe(0);
  });
});

describe('isolation: a sandbox network the policy cannot see is never adopted', () => {
  const lab = createTestLab();
  const id = lab.sandboxId('iso-legacy');
  afterAll(() => lab.reap());

  it('refuses a network whose bridge is not named for the policy (e.g. made before it existed)', async () => {
    // What an older version left behind: the sandbox's network under Docker's own `br-…` bridge name.
    const labels = sandboxLabels(
      { sandboxId: id, example: 'isolation-check', owner: 'tester', specHash: 'x' },
      lab.labels,
    );
    await lab.docker.createNetwork(`lab-${id}`, labels);
    await expect(lab.runtime.provision(id, redisOnly('isolation-check'), { labels: lab.labels })).rejects.toThrow(
      /the network policy would not apply; refusing to adopt it/,
    );
    expect((await lab.leftovers(id)).containers).toBe(0);
  });
});
