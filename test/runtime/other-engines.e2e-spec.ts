import { generateSecret } from '@lab/runtime/testing/sample-specs';
import { MongoClient } from 'mongodb';
import { availability, skipTitle } from '../support/availability';
import { createTestLab } from '../support/lab-runtime';

describe('runtime: MariaDB and a Node app from the image kit', () => {
  const lab = createTestLab();
  afterAll(() => lab.reap());

  it('provisions MariaDB, ready by its protocol handshake, with the generated credentials', async () => {
    const id = lab.sandboxId('mariadb');
    const rootPassword = generateSecret();
    const userPassword = generateSecret();
    await lab.runtime.provision(
      id,
      {
        example: 'mariadb-check',
        owner: 'tester',
        services: [
          {
            name: 'mariadb',
            image: 'mariadb',
            env: {
              MARIADB_ROOT_PASSWORD: rootPassword,
              MARIADB_DATABASE: 'shop',
              MARIADB_USER: 'lab',
              MARIADB_PASSWORD: userPassword,
            },
            ports: [3306],
            limits: { cpus: 1, memoryMb: 512, pids: 128 },
            readiness: { probes: [{ kind: 'mysql', port: 3306 }], timeoutMs: 60_000, intervalMs: 50 },
          },
        ],
      },
      { labels: lab.labels },
    );
    const query = (password: string) =>
      lab.runtime.exec(id, 'mariadb', [
        'mariadb',
        '-h127.0.0.1',
        '-ulab',
        `-p${password}`,
        'shop',
        '-Nse',
        'SELECT 6 * 7',
      ]);
    expect(await query(userPassword)).toMatchObject({ exitCode: 0, stdout: '42\n' });
    expect((await query('wrong')).exitCode).not.toBe(0);
    await lab.runtime.destroy(id);
    expect(await lab.leftovers(id)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  it('runs a Node HTTP app that another service reaches by its service name', async () => {
    const id = lab.sandboxId('node');
    const sandbox = await lab.runtime.provision(
      id,
      {
        example: 'node-check',
        owner: 'tester',
        services: [
          {
            name: 'api',
            image: 'node',
            command: [
              'node',
              '-e',
              "require('http').createServer((q,s)=>s.end('hello from '+process.version)).listen(3000)",
            ],
            ports: [3000],
            readiness: { probes: [{ kind: 'http', port: 3000, path: '/' }], timeoutMs: 30_000 },
          },
          {
            name: 'client',
            image: 'node',
            dependsOn: ['api'],
            command: ['node', '-e', 'setInterval(() => {}, 1 << 30)'],
          },
        ],
      },
      { labels: lab.labels },
    );
    const api = sandbox.services.find((s) => s.name === 'api')!;
    const body = await (await fetch(`http://${api.host}:${api.ports[3000]}/`)).text();
    expect(body).toMatch(/^hello from v20\./);
    const fromNeighbour = await lab.runtime.exec(id, 'client', [
      'node',
      '-e',
      "fetch('http://api:3000/').then(r => r.text()).then(t => console.log(t))",
    ]);
    expect(fromNeighbour.stdout).toMatch(/^hello from v20\./);
  });
});

const mongoImage = availability().mongoImage;
const withMongoImage = mongoImage.kind === 'skip' ? describe.skip : describe;

withMongoImage(`runtime: MongoDB (official image only)${skipTitle(mongoImage)}`, () => {
  const lab = createTestLab();
  afterAll(() => lab.reap());

  it('provisions mongo:7 when the image is available', async () => {
    const id = lab.sandboxId('mongo');
    const password = generateSecret();
    const sandbox = await lab.runtime.provision(
      id,
      {
        example: 'mongo-check',
        owner: 'tester',
        services: [
          {
            name: 'mongo',
            image: 'mongo',
            env: { MONGO_INITDB_ROOT_USERNAME: 'lab', MONGO_INITDB_ROOT_PASSWORD: password },
            ports: [27017],
            limits: { cpus: 1, memoryMb: 768, pids: 256 },
            readiness: { probes: [{ kind: 'tcp', port: 27017 }], timeoutMs: 60_000 },
          },
        ],
      },
      { labels: lab.labels },
    );
    const { host, ports } = sandbox.services[0]!;
    const client = new MongoClient(`mongodb://lab:${password}@${host}:${ports[27017]}/?authSource=admin`);
    await client.connect();
    try {
      expect(await client.db('lab').command({ ping: 1 })).toMatchObject({ ok: 1 });
    } finally {
      await client.close();
    }
  });
});
