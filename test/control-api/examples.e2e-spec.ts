import { join } from 'node:path';
import { ADMIN_TOKEN, ControlApi, startControlApi } from './support/control-api';

describe('control API: the catalog', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: join(__dirname, '../fixtures/examples') } });
  });
  afterAll(() => api.close());

  it('lists the valid examples without their env or secrets', async () => {
    const response = await fetch(`${api.base}/api/examples`);
    expect(response.status).toBe(200);
    const examples = (await response.json()) as unknown[];
    expect(examples).toEqual([
      {
        name: 'tiny-sql',
        title: 'Tiny SQL',
        summary: 'One PostgreSQL to poke at.',
        concepts: ['sql'],
        services: [{ name: 'postgres', image: 'postgres', ports: [5432], engine: 'postgresql' }],
        hasApp: false,
        egress: 'none',
      },
    ]);
    expect(JSON.stringify(examples)).not.toMatch(/secret|POSTGRES_PASSWORD/);
  });

  it('reports the broken manifest with its file and the path of the error, in the log and to admins', async () => {
    expect(api.logs.text()).toMatch(/broken-port\/lab\.yaml: services\.0\.ports\.0: .*\(example skipped\)/);
    const response = await fetch(`${api.base}/api/catalog/problems`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      {
        file: expect.stringMatching(/broken-port\/lab\.yaml$/),
        path: 'services.0.ports.0',
        message: expect.any(String),
      },
    ]);
    expect((await fetch(`${api.base}/api/catalog/problems`)).status).toBe(401);
  });

  it('shows one example', async () => {
    const response = await fetch(`${api.base}/api/examples/tiny-sql`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'tiny-sql', hasApp: false });
  });

  it('answers an unknown example with a 404 problem naming the known ones', async () => {
    const response = await fetch(`${api.base}/api/examples/nope`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      type: 'urn:backend-lab:problem:example-not-found',
      status: 404,
      detail: 'There is no example "nope" in the catalog. Known examples: tiny-sql.',
      instance: '/api/examples/nope',
    });
  });
});
