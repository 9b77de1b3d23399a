import { ControlApi, startControlApi } from './support/control-api';

describe('control API: /health', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi();
  });
  afterAll(() => api.close());

  it('reports the Docker engine as up', async () => {
    const response = await fetch(`${api.base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      docker: { status: 'up' },
      database: { status: 'up', kind: 'sqlite' },
    });
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('lives outside the /api prefix', async () => {
    expect((await fetch(`${api.base}/api/health`)).status).toBe(404);
  });
});
