import { join } from 'node:path';
import { ControlApi, startControlApi } from '../control-api/support/control-api';

/** Status codes of anonymous GET /api/examples, each request claiming the given client address. */
async function statuses(api: ControlApi, forwardedFor: string[]): Promise<number[]> {
  const codes: number[] = [];
  for (const address of forwardedFor) {
    const response = await fetch(`${api.base}/api/examples`, { headers: { 'x-forwarded-for': address } });
    codes.push(response.status);
  }
  return codes;
}

describe('control API: the catalog shows egress', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ config: { examplesDir: join(__dirname, 'fixtures/examples') } });
  });
  afterAll(() => api.close());

  it('lists an example that asked for the internet with `egress: internet`', async () => {
    const response = await fetch(`${api.base}/api/examples/open-net`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ name: 'open-net', egress: 'internet' });
  });

  it('documents the field in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api.base}/api/openapi.json`)).json()) as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    expect(document.components.schemas.ExampleDto!.properties.egress!.enum).toEqual(['none', 'internet']);
  });
});

// Behind the README's nginx the client address comes from X-Forwarded-For, and only then: the
// per-address rate limit tells students apart, and a direct caller cannot pick an address.
describe('control API: LAB_TRUST_PROXY', () => {
  const examplesDir = join(__dirname, 'fixtures/examples');

  it('with a trusted proxy (loopback), callers with different forwarded addresses have their own limits', async () => {
    const api = await startControlApi({ config: { examplesDir, rateLimitPerMinute: 2, trustProxy: 'loopback' } });
    try {
      expect(await statuses(api, ['192.0.2.21', '192.0.2.22', '192.0.2.23'])).toEqual([200, 200, 200]);
      expect(await statuses(api, ['192.0.2.21', '192.0.2.21'])).toEqual([200, 429]);
    } finally {
      await api.close();
    }
  });

  it('by default the header is ignored: the same caller is one address whatever it claims', async () => {
    const api = await startControlApi({ config: { examplesDir, rateLimitPerMinute: 2 } });
    try {
      expect(await statuses(api, ['192.0.2.21', '192.0.2.22', '192.0.2.23'])).toEqual([200, 200, 429]);
    } finally {
      await api.close();
    }
  });
});
