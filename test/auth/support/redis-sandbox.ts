import type { SandboxSpecInput } from '@lab/runtime';
import { generateSecret } from '@lab/runtime/testing/sample-specs';
import Redis from 'ioredis';
import { createTestLab } from '../../support/lab-runtime';

/** One Redis from the image kit with a generated password: all the auth tests need from the sandbox. */
export function redisOnlySpec() {
  const password = generateSecret();
  const spec = {
    example: 'auth-check',
    owner: 'tester',
    services: [
      {
        name: 'redis',
        image: 'redis',
        command: ['redis-server', '--requirepass', password],
        ports: [6379],
        limits: { cpus: 0.5, memoryMb: 128, pids: 64 },
        readiness: { probes: [{ kind: 'redis', port: 6379, password }], timeoutMs: 30_000, intervalMs: 25 },
      },
    ],
  } satisfies SandboxSpecInput;
  return { spec, password };
}

export interface RedisSandbox {
  connection: { host: string; port: number; password: string };
  connect: () => Promise<Redis>;
  reap: () => Promise<void>;
}

export async function provisionRedis(name: string): Promise<RedisSandbox> {
  const lab = createTestLab();
  const { spec, password } = redisOnlySpec();
  const sandbox = await lab.runtime.provision(lab.sandboxId(name), spec, { labels: lab.labels });
  const redis = sandbox.services.find((s) => s.name === 'redis')!;
  const connection = { host: redis.host, port: redis.ports[6379]!, password };
  const clients: Redis[] = [];
  return {
    connection,
    async connect() {
      const client = new Redis({ ...connection, lazyConnect: true });
      await client.connect();
      clients.push(client);
      return client;
    },
    async reap() {
      for (const client of clients) client.disconnect();
      await lab.reap();
    },
  };
}
