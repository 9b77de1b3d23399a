import { loadLabConfig } from '@lab/config';
import { KitImageResolver, loadImageKit } from '@lab/image-kit';
import {
  DockerCallError,
  DockerClient,
  DockerSandboxRuntime,
  DockerTimeoutError,
  SandboxRuntime,
  serviceUrl,
  SwarmSandboxRuntime,
} from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestLab, describeEachRuntime, RuntimeKind } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';

/** A runtime whose engine socket is `socketPath` (the image kit is never asked: ping only). */
function runtimeOn(kind: RuntimeKind, socketPath: string): SandboxRuntime {
  const config = loadLabConfig();
  const docker = new DockerClient({ ...config.docker, socketPath });
  const images = new KitImageResolver(loadImageKit(config.imageKitPath), docker, config.imageMode);
  return kind === 'swarm' ? new SwarmSandboxRuntime(docker, images) : new DockerSandboxRuntime(docker, images);
}

/** The port's two answers that need no sandbox spec knowledge from callers: where and whether. */
describeEachRuntime('runtime: endpoint() and ping() on the real engine', (kind) => {
  const lab = createTestLab(kind);
  const id = lab.sandboxId('endpoint');
  const { spec, redisPassword } = postgresRedisSpec({ owner: 'alice' });
  // Redis alone: the endpoint is what is under test, not PostgreSQL's start-up.
  const redisOnly = { ...spec, services: spec.services.filter((service) => service.name === 'redis') };
  let provisioned: Awaited<ReturnType<typeof lab.runtime.provision>>;

  beforeAll(async () => {
    provisioned = await lab.runtime.provision(id, redisOnly, { labels: lab.labels });
  });
  afterAll(() => lab.reap());

  it('gives an address where the service answers, from the services provision reported', async () => {
    const address = lab.runtime.endpoint({ id, endpoints: provisioned.services }, 'redis', 6379);
    expect(address).toEqual({ host: '127.0.0.1', port: expect.any(Number) });
    const redis = new Redis({ ...address!, password: redisPassword, lazyConnect: true });
    await redis.connect();
    try {
      await expect(redis.ping()).resolves.toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('reads the services as a database stored them (JSON: the ports keyed by strings)', () => {
    const stored = JSON.parse(JSON.stringify(provisioned.services)) as {
      name: string;
      ports: Record<string, number>;
    }[];
    expect(lab.runtime.endpoint({ id, endpoints: stored }, 'redis', 6379)).toEqual(
      lab.runtime.endpoint({ id, endpoints: provisioned.services }, 'redis', 6379),
    );
  });

  it('reads the services inspect reports the same way as those provision reported', async () => {
    const status = await lab.runtime.inspect(id);
    expect(lab.runtime.endpoint({ id, endpoints: status!.services }, 'redis', 6379)).toEqual(
      lab.runtime.endpoint({ id, endpoints: provisioned.services }, 'redis', 6379),
    );
  });

  it('gives nothing for a port that is not published, an unknown service or a sandbox not ready', () => {
    expect(lab.runtime.endpoint({ id, endpoints: provisioned.services }, 'redis', 6380)).toBeUndefined();
    expect(lab.runtime.endpoint({ id, endpoints: provisioned.services }, 'postgres', 5432)).toBeUndefined();
    expect(lab.runtime.endpoint({ id, endpoints: null }, 'redis', 6379)).toBeUndefined();
  });

  it('makes URLs from addresses, IPv6 hosts in brackets', () => {
    expect(serviceUrl({ host: '127.0.0.1', port: 49153 }, '/health')).toBe('http://127.0.0.1:49153/health');
    expect(serviceUrl({ host: '::1', port: 8080 })).toBe('http://[::1]:8080');
  });

  it('ping resolves while the engine answers', async () => {
    await expect(lab.runtime.ping({ timeoutMs: 5_000 })).resolves.toBeUndefined();
  });

  it('ping rejects as an engine call without an answer when the socket does not exist', async () => {
    const runtime = runtimeOn(kind, join(tmpdir(), `lab-no-engine-${kind}-${lab.runId}.sock`));
    const failure = runtime.ping({ timeoutMs: 500 });
    await expect(failure).rejects.toBeInstanceOf(DockerCallError);
    await expect(failure).rejects.toMatchObject({ statusCode: undefined });
  });

  describe('with an engine that accepts connections but never answers (a dockerd starting up)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lab-mute-engine-'));
    const socketPath = join(dir, 'docker.sock');
    const connections = new Set<Socket>();
    let closed = 0;
    let server: Server;

    beforeAll(async () => {
      server = createServer((socket) => {
        connections.add(socket);
        socket.on('close', () => (closed += 1));
        socket.resume(); // read the request, answer nothing
      });
      await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    });
    afterAll(async () => {
      for (const socket of connections) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    });

    it('ping gives up at its timeout with the reason, and the request is aborted', async () => {
      const failure = runtimeOn(kind, socketPath).ping({ timeoutMs: 300 });
      await expect(failure).rejects.toBeInstanceOf(DockerTimeoutError);
      await expect(failure).rejects.toThrow(/no answer within 300 ms/);
      expect(connections.size).toBe(1);
      // Aborted, not left hanging: the client closes the connection it opened.
      await waitFor(() => closed === 1, 5_000);
      expect(closed).toBe(1);
    });
  });
});
