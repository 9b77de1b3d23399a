import { compileSandbox, connectionUrl, loadCatalog } from '@lab/catalog';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestLab } from '../support/lab-runtime';

/** A manifest becomes a running sandbox whose generated credentials work (and are unique). */
describe('catalog → runtime: launching an example', () => {
  const lab = createTestLab();
  afterAll(() => lab.reap());

  it('provisions the compiled spec and connects with the connection URL', async () => {
    const catalog = loadCatalog(join(__dirname, '../fixtures/examples'), lab.images.allowedKeys());
    const example = catalog.examples.find((e) => e.name === 'tiny-sql')!;
    const compiled = compileSandbox(example, 'alice');
    const id = lab.sandboxId('tiny-sql');

    const sandbox = await lab.runtime.provision(id, compiled.spec, { labels: lab.labels });
    const endpoint = sandbox.services.find((s) => s.name === 'postgres')!;
    const connection = compiled.connections.find((c) => c.service === 'postgres')!;
    const url = connectionUrl(connection, endpoint.host, endpoint.ports[connection.port]!);
    expect(url).toBe(`postgresql://student:${compiled.secrets['pg-password']}@127.0.0.1:${endpoint.ports[5432]}/shop`);

    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string; who: string }>(
      'SELECT current_database() AS db, current_user AS who',
    );
    await client.end();
    expect(rows).toEqual([{ db: 'shop', who: 'student' }]);

    // Another sandbox of the same example gets its own password: the first one's does not open it.
    const other = compileSandbox(example, 'bob');
    const otherId = lab.sandboxId('tiny-sql-2');
    const otherSandbox = await lab.runtime.provision(otherId, other.spec, { labels: lab.labels });
    const otherPort = otherSandbox.services.find((s) => s.name === 'postgres')!.ports[5432]!;
    const withPassword = (password: string) =>
      new Client({ host: '127.0.0.1', port: otherPort, user: 'student', password, database: 'shop' });
    const intruder = withPassword(compiled.secrets['pg-password']!);
    await expect(intruder.connect()).rejects.toMatchObject({ code: '28P01' }); // password authentication failed
    await intruder.end().catch(() => undefined);
    const owner = withPassword(other.secrets['pg-password']!);
    await owner.connect();
    expect((await owner.query<{ ok: number }>('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    await owner.end();

    await lab.runtime.destroy(id);
    await lab.runtime.destroy(otherId);
    expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await lab.leftovers(otherId)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });
});
