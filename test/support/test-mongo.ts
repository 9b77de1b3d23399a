import { MongoClient } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MongoSource } from './availability';
import type { TestLab } from './lab-runtime';

/** A MongoDB replica set for one test file: `MONGO_URL`'s, or a sandbox of the kit's `mongo` image. */
export interface TestMongo {
  url: string;
  close(): Promise<void>;
}

/**
 * Provisions `mongod --replSet rs0` as a lab sandbox (hardened, labelled with the test run) and
 * initiates its one-member set, so transactions work as on the lessons' replica set. The test
 * talks to it directly (`directConnection=true`) on the published port: the member's own name is
 * `localhost` inside the container, which the host cannot use as a set member.
 */
export async function startTestMongo(lab: TestLab, source: MongoSource, name = 'mongo'): Promise<TestMongo> {
  if (source.kind === 'url') return { url: source.url, close: async () => undefined };
  if (source.kind === 'skip') throw new Error(`MongoDB is not available: ${source.reason}`);
  const id = lab.sandboxId(name);
  const sandbox = await lab.runtime.provision(
    id,
    {
      example: 'mongo-test',
      owner: 'tester',
      services: [
        {
          name: 'mongo',
          image: 'mongo',
          command: ['mongod', '--replSet', 'rs0', '--bind_ip_all'],
          ports: [27017],
          limits: { cpus: 1, memoryMb: 768, pids: 256 },
          readiness: { probes: [{ kind: 'tcp', port: 27017 }], timeoutMs: 90_000 },
        },
      ],
    },
    { labels: lab.labels },
  );
  const { host, ports } = sandbox.services[0]!;
  const url = `mongodb://${host}:${ports[27017]}/?directConnection=true`;
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 30_000 });
  try {
    await client.connect();
    const admin = client.db('admin');
    await admin.command({ replSetInitiate: { _id: 'rs0', members: [{ _id: 0, host: 'localhost:27017' }] } });
    const deadline = Date.now() + 60_000;
    while (!(await admin.command({ hello: 1 })).isWritablePrimary) {
      if (Date.now() > deadline) throw new Error('the test MongoDB has no primary after 60 s');
      await sleep(200);
    }
  } catch (error) {
    await lab.runtime.destroy(id);
    throw error;
  } finally {
    await client.close();
  }
  return { url, close: () => lab.runtime.destroy(id) };
}
