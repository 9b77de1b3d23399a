import { ProvisionError, SandboxSpecInput, SpecValidationError } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import { createTestLab, describeEachRuntime } from '../support/lab-runtime';

describeEachRuntime('runtime: failures leave nothing behind', (kind) => {
  const lab = createTestLab(kind);
  afterAll(() => lab.reap());

  it('fails a service that never becomes ready within its timeout, naming it, and removes everything', async () => {
    const id = lab.sandboxId('never-ready');
    const { spec } = postgresRedisSpec();
    const neverReady: SandboxSpecInput = {
      ...spec,
      services: [
        spec.services[1]!, // a healthy redis: it must be removed too
        {
          name: 'sleepy-api',
          image: 'node',
          // Listens, but answers 503 forever: TCP is up, the HTTP check never passes.
          command: ['node', '-e', "require('http').createServer((q,s)=>{s.statusCode=503;s.end()}).listen(3000)"],
          ports: [3000],
          // Long enough for the container to be up and answer on a busy machine (a Swarm task took
          // over 3 s to start at a load of 30): the reason must name that answer.
          readiness: { probes: [{ kind: 'http', port: 3000, path: '/' }], timeoutMs: 10_000, intervalMs: 100 },
        },
      ],
    };
    const failure = await lab.runtime.provision(id, neverReady, { labels: lab.labels }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ProvisionError);
    expect(failure).toMatchObject({ service: 'sleepy-api', step: 'readiness' });
    expect((failure as Error).message).toMatch(
      /service "sleepy-api": readiness failed: not ready within 10000 ms.*answered 503/,
    );
    expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('fails fast when a container exits instead of waiting for the whole timeout', async () => {
    const id = lab.sandboxId('crashing');
    const crashing: SandboxSpecInput = {
      example: 'crash',
      owner: 'tester',
      services: [
        {
          name: 'crashy',
          image: 'node',
          command: ['node', '-e', "console.error('boom: missing config'); process.exit(3)"],
          ports: [3000],
          readiness: { probes: [{ kind: 'tcp', port: 3000 }], timeoutMs: 120_000, intervalMs: 50 },
        },
      ],
    };
    const failure = await lab.runtime.provision(id, crashing, { labels: lab.labels }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ service: 'crashy', step: 'readiness' });
    expect((failure as Error).message).toMatch(/exited with code 3.*boom: missing config/);
    expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('removes named volumes with the sandbox', async () => {
    const id = lab.sandboxId('volumes');
    const withVolume: SandboxSpecInput = {
      example: 'vol',
      owner: 'tester',
      services: [
        {
          name: 'cache',
          image: 'redis',
          ports: [6379],
          volumes: [{ source: 'scratch', target: '/scratch' }],
          readiness: { probes: [{ kind: 'redis', port: 6379 }], timeoutMs: 30_000 },
        },
      ],
    };
    await lab.runtime.provision(id, withVolume, { labels: lab.labels });
    expect(await lab.leftovers(id)).toEqual({ containers: 1, networks: 1, volumes: 1 });
    await lab.runtime.destroy(id);
    expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  describe('bad specs are rejected before any Docker call', () => {
    const base = postgresRedisSpec().spec;
    const cases: [string, unknown, RegExp][] = [
      [
        'an image outside the allowlist',
        { ...base, services: [{ ...base.services[0], image: 'alpine:latest' }] },
        /not in the image kit's allowlist/,
      ],
      [
        'a port out of range',
        { ...base, services: [{ ...base.services[0], ports: [70000] }] },
        /ports\.0: must be between 1 and 65535/,
      ],
      [
        'an empty service name',
        { ...base, services: [{ ...base.services[0], name: '' }] },
        /name: must be 1-31 characters/,
      ],
      [
        'a duplicate service name',
        { ...base, services: [base.services[0], { ...base.services[1], name: 'postgres' }] },
        /duplicate service name "postgres"/,
      ],
      [
        'a host bind mount',
        {
          ...base,
          services: [{ ...base.services[0], volumes: [{ source: '/var/run/docker.sock', target: '/sock' }] }],
        },
        /host bind mounts are not allowed/,
      ],
    ];

    it.each(cases)('%s', async (_what, spec, message) => {
      const id = lab.sandboxId('bad');
      const failure = await lab.runtime.provision(id, spec as never, { labels: lab.labels }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(SpecValidationError);
      expect((failure as Error).message).toMatch(message);
      // Had any Docker call been made, the network would exist: it is created first.
      expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    });
  });
});
