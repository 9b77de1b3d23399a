import { LABEL } from '@lab/runtime';
import { postgresRedisSpec } from '@lab/runtime/testing/sample-specs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createTestLab, describeEachRuntime } from '../support/lab-runtime';
import { waitFor } from '../support/wait-for';

/**
 * PostgreSQL + Redis from the image kit, provisioned through @lab/runtime on the real engine: the
 * contract every adapter of the port keeps (Docker; Swarm on a single-node swarm).
 */
describeEachRuntime('runtime: provision PostgreSQL + Redis', (kind) => {
  const lab = createTestLab(kind);
  const id = lab.sandboxId('pgredis');
  const { spec, pgPassword, redisPassword } = postgresRedisSpec({ owner: 'alice' });
  let provisioned: Awaited<ReturnType<typeof lab.runtime.provision>>;

  beforeAll(async () => {
    provisioned = await lab.runtime.provision(id, spec, { labels: lab.labels });
  });
  afterAll(() => lab.reap());

  const endpoint = (name: string) => provisioned.services.find((s) => s.name === name)!;

  it('returns host and published port per service, on loopback', () => {
    expect(provisioned.adopted).toBe(false);
    expect(provisioned.services.map((s) => s.name).sort()).toEqual(['postgres', 'redis']);
    for (const service of provisioned.services) {
      expect(service.host).toBe('127.0.0.1');
      expect(Object.values(service.ports)[0]).toBeGreaterThan(1024);
    }
  });

  it('serves SQL with the generated credentials (and refuses a wrong password)', async () => {
    const { host, ports } = endpoint('postgres');
    const client = new Client({ host, port: ports[5432], user: 'lab', password: pgPassword, database: 'lab' });
    await client.connect();
    try {
      await client.query('CREATE TABLE books (id serial PRIMARY KEY, title text NOT NULL)');
      await client.query(
        "INSERT INTO books (title) VALUES ('SQL Antipatterns'), ('Designing Data-Intensive Applications')",
      );
      const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM books');
      expect(rows[0]!.n).toBe('2');
    } finally {
      await client.end();
    }
    const intruder = new Client({ host, port: ports[5432], user: 'lab', password: 'wrong', database: 'lab' });
    await expect(intruder.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('serves Redis with the generated password (and refuses without it)', async () => {
    const { host, ports } = endpoint('redis');
    const redis = new Redis({ host, port: ports[6379], password: redisPassword, lazyConnect: true });
    await redis.connect();
    try {
      await redis.set('greeting', 'hello', 'EX', 60);
      expect(await redis.get('greeting')).toBe('hello');
    } finally {
      redis.disconnect();
    }
    // ioredis 6 opens with HELLO, which the server refuses (NOAUTH) and the connection is closed.
    const refusals: string[] = [];
    const anonymous = new Redis({
      host,
      port: ports[6379],
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    anonymous.on('error', (error: Error) => refusals.push(error.message));
    await expect(anonymous.connect()).rejects.toThrow();
    expect(refusals.join()).toMatch(/NOAUTH/);
    anonymous.disconnect();
  });

  it('labels every object with sandbox, example, owner and spec hash', async () => {
    const status = await lab.runtime.inspect(id);
    expect(status).toMatchObject({ id, example: 'runtime-check', owner: 'alice' });
    expect(status!.specHash).toMatch(/^[0-9a-f]{16}$/);
    expect(status!.networks).toEqual([`lab-${id}`]);
    expect(status!.services.map((s) => [s.name, s.state])).toEqual([
      ['postgres', 'running'],
      ['redis', 'running'],
    ]);
  });

  it('runs a command inside a service and reads its logs', async () => {
    const result = await lab.runtime.exec(id, 'postgres', ['psql', '-U', 'lab', '-d', 'lab', '-tAc', 'SELECT 40 + 2']);
    expect(result).toMatchObject({ exitCode: 0, stdout: '42\n' });
    const lines: string[] = [];
    for await (const line of lab.runtime.logs(id, 'postgres', { tail: 200 })) lines.push(line.text);
    expect(lines.join('\n')).toMatch(/ready to accept connections/);
  });

  it('follows logs as a stream until aborted', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const following = (async () => {
      for await (const line of lab.runtime.logs(id, 'postgres', { follow: true, tail: 0, signal: controller.signal })) {
        seen.push(line.text);
      }
    })();
    // A failed login is something PostgreSQL always logs: a line we cause, then expect to see.
    const { host, ports } = endpoint('postgres');
    const intruder = new Client({ host, port: ports[5432], user: 'mallory', password: 'x', database: 'lab' });
    await intruder.connect().catch(() => undefined);
    await waitFor(() => seen.some((line) => line.includes('mallory')), 10_000);
    controller.abort();
    await following;
    expect(seen.join('\n')).toMatch(/authentication failed for user "mallory"/);
  });

  it('adopts on a second provision with the same id instead of duplicating', async () => {
    const again = await lab.runtime.provision(id, spec, { labels: lab.labels });
    expect(again.adopted).toBe(true);
    expect(again.services.map((s) => s.containerId).sort()).toEqual(
      provisioned.services.map((s) => s.containerId).sort(),
    );
    expect(await lab.leftovers(id)).toEqual({ containers: 2, networks: 1, volumes: 0 });
  });

  it('stops without removing, and a later provision resumes the same containers', async () => {
    await lab.runtime.stop(id);
    const stopped = await lab.runtime.inspect(id);
    expect(stopped!.services.map((s) => s.state)).toEqual(['exited', 'exited']);
    const resumed = await lab.runtime.provision(id, spec, { labels: lab.labels });
    expect(resumed.adopted).toBe(true);
    expect(resumed.services.map((s) => s.containerId).sort()).toEqual(
      provisioned.services.map((s) => s.containerId).sort(),
    );
    const { host, ports } = resumed.services.find((s) => s.name === 'postgres')!;
    const client = new Client({ host, port: ports[5432], user: 'lab', password: pgPassword, database: 'lab' });
    await client.connect();
    expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await client.end();
  });

  it('leaves nothing labelled with its id after destroy, and a second destroy succeeds', async () => {
    await lab.runtime.destroy(id);
    expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await lab.runtime.inspect(id)).toBeUndefined();
    await expect(lab.runtime.destroy(id)).resolves.toBeUndefined();
    const everything = await lab.docker.listContainers({ [LABEL.sandbox]: id });
    expect(everything).toEqual([]);
  });
});
