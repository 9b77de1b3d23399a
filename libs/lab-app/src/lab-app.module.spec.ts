import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { AddressInfo } from 'node:net';
import { fingerprint, type LabAppContract, type RestoredStore, type StoreProbe } from './lab-app.contract';
import { configureLabApp } from './lab-app.http';
import { LabAppModule } from './lab-app.module';
import type { LabAppOptions } from './lab-app.options';

// The lab routes around an in-memory contract: what the module adds (paths, bodies, status codes,
// queueing, OpenAPI) is checked here; what reset means for real stores, in test/examples.

type Store = 'postgres' | 'redis';

/** Two "stores" holding a number each; the seed is 0. */
class Stores {
  values: Record<Store, number> = { postgres: 0, redis: 0 };
  down = new Set<Store>();
  failNextReset = false;
  resetsRunning = 0;
  mostResetsAtOnce = 0;
}

@Injectable()
class InMemoryLab implements LabAppContract<Store> {
  constructor(@Inject(Stores) private readonly stores: Stores) {}

  async reset(): Promise<RestoredStore<Store>[]> {
    const stores = this.stores;
    stores.resetsRunning += 1;
    stores.mostResetsAtOnce = Math.max(stores.mostResetsAtOnce, stores.resetsRunning);
    await new Promise((resolve) => setTimeout(resolve, 20));
    stores.resetsRunning -= 1;
    if (stores.failNextReset) {
      stores.failNextReset = false;
      throw new Error('template database missing');
    }
    stores.values = { postgres: 0, redis: 0 };
    return [
      { store: 'postgres', ms: 12.345 },
      { store: 'redis', ms: 0.04 },
    ];
  }

  async checksum(): Promise<Record<Store, string>> {
    return { postgres: fingerprint({ rows: this.stores.values.postgres }), redis: String(this.stores.values.redis) };
  }

  probes(): Record<Store, StoreProbe> {
    const probe = (store: Store) => async () => {
      if (this.stores.down.has(store)) throw new Error(`${store} is down`);
    };
    return { postgres: probe('postgres'), redis: probe('redis') };
  }
}

/** Only PostgreSQL in this sandbox: MongoDB is an optional store it lacks. */
@Injectable()
class PostgresOnlyLab implements LabAppContract<'postgres' | 'mongo'> {
  async reset(): Promise<RestoredStore<'postgres' | 'mongo'>[]> {
    return [{ store: 'postgres', ms: 1 }];
  }
  async checksum(): Promise<Partial<Record<'postgres' | 'mongo', string>>> {
    return { postgres: 'p' };
  }
  probes(): Partial<Record<'postgres' | 'mongo', StoreProbe>> {
    return { postgres: async () => undefined };
  }
}

const storesModule = { module: class StoresHolder {}, providers: [Stores], exports: [Stores] };

const twoStores: LabAppOptions<Store> = {
  contract: InMemoryLab,
  imports: [storesModule],
  stores: {
    postgres: { checksum: 'SHA-256 over every table and sequence' },
    redis: { checksum: 'SHA-256 over every key' },
  },
  resetDescription: 'Both numbers back to 0.',
};

async function start(options: LabAppOptions<string>): Promise<{ app: INestApplication; base: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [LabAppModule.forRoot(options)] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  configureLabApp(app, { title: 'Lab app under test', description: 'An in-memory contract.' });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}

async function call(base: string, method: string, path: string) {
  const response = await fetch(`${base}${path}`, { method });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    poweredBy: response.headers.get('x-powered-by'),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the JSON they expect
    body: (await response.json()) as any,
  };
}

describe('LabAppModule: the lab routes around an example contract', () => {
  let app: INestApplication;
  let base: string;
  let stores: Stores;

  beforeAll(async () => {
    ({ app, base } = await start(twoStores));
    stores = app.get(Stores);
  });
  afterAll(async () => {
    await app.close();
  });
  beforeEach(() => {
    stores.down.clear();
    stores.mostResetsAtOnce = 0;
  });

  it('POST /lab/reset answers 200 with the restored stores in order, times in tenths of a ms', async () => {
    stores.values = { postgres: 5, redis: 7 };
    expect(await call(base, 'POST', '/lab/reset')).toMatchObject({
      status: 200,
      body: {
        restored: [
          { store: 'postgres', ms: 12.3 },
          { store: 'redis', ms: 0 },
        ],
      },
    });
    expect(stores.values).toEqual({ postgres: 0, redis: 0 });
  });

  it('GET /lab/checksum answers the contract’s fingerprints as they are, equal again after a reset', async () => {
    const seed = await call(base, 'GET', '/lab/checksum');
    expect(seed).toMatchObject({ status: 200, body: { postgres: fingerprint({ rows: 0 }), redis: '0' } });
    stores.values = { postgres: 3, redis: 0 };
    expect((await call(base, 'GET', '/lab/checksum')).body).not.toEqual(seed.body);
    await call(base, 'POST', '/lab/reset');
    expect((await call(base, 'GET', '/lab/checksum')).body).toEqual(seed.body);
  });

  it('runs concurrent resets one after another, all of them answered 200', async () => {
    const answers = await Promise.all([1, 2, 3].map(() => call(base, 'POST', '/lab/reset')));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(stores.mostResetsAtOnce).toBe(1);
  });

  it('answers a failed reset with a 500 problem, and the next reset still runs', async () => {
    stores.failNextReset = true;
    const failed = await call(base, 'POST', '/lab/reset');
    expect(failed).toMatchObject({ status: 500, contentType: expect.stringContaining('application/problem+json') });
    expect(JSON.stringify(failed.body)).not.toContain('template database missing');
    expect((await call(base, 'POST', '/lab/reset')).status).toBe(200);
  });

  it('GET /health answers 200 with every store up, status first', async () => {
    const health = await call(base, 'GET', '/health');
    expect(health).toMatchObject({ status: 200 });
    expect(JSON.stringify(health.body)).toBe('{"status":"ok","postgres":"up","redis":"up"}');
  });

  it('GET /health answers 503 degraded and names the store that is down', async () => {
    stores.down.add('redis');
    expect(await call(base, 'GET', '/health')).toMatchObject({
      status: 503,
      body: { status: 'degraded', postgres: 'up', redis: 'down' },
    });
  });

  it('answers an unknown route with a problem, without x-powered-by', async () => {
    expect(await call(base, 'GET', '/lab/nope')).toMatchObject({
      status: 404,
      contentType: expect.stringContaining('application/problem+json'),
      poweredBy: null,
      body: { status: 404, instance: '/lab/nope' },
    });
  });

  it('names the X-Forwarded-Prefix of a reverse proxy as the server of its docs, and nothing without one', async () => {
    const prefix = '/api/sandboxes/sb-0123456789abcdef/app';
    const through = await fetch(`${base}/docs/openapi.json`, { headers: { 'x-forwarded-prefix': `${prefix}/` } });
    expect(((await through.json()) as { servers?: unknown }).servers).toEqual([{ url: prefix }]);
    const init = await fetch(`${base}/docs/swagger-ui-init.js`, { headers: { 'x-forwarded-prefix': prefix } });
    expect(await init.text()).toContain(`"servers": [\n      {\n        "url": "${prefix}"`);
    const direct = (await call(base, 'GET', '/docs/openapi.json')).body as { servers?: unknown };
    expect(direct.servers).toEqual([]);
    const forged = await fetch(`${base}/docs/openapi.json`, { headers: { 'x-forwarded-prefix': '/a"b</script>' } });
    expect(((await forged.json()) as { servers?: unknown }).servers).toEqual([]);
  });

  it('documents the three routes, their status codes and the stores’ schemas in OpenAPI', async () => {
    const { body: document } = await call(base, 'GET', '/docs/openapi.json');
    expect(document.info).toMatchObject({ title: 'Lab app under test', version: '1.0.0' });
    expect(document.paths['/lab/reset'].post).toMatchObject({
      tags: ['lab'],
      description: 'Both numbers back to 0.',
      responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/ResetDto' } } } } },
    });
    expect(Object.keys(document.paths['/lab/checksum'].get.responses)).toEqual(expect.arrayContaining(['200']));
    expect(Object.keys(document.paths['/health'].get.responses)).toEqual(expect.arrayContaining(['200', '503']));
    const schemas = document.components.schemas;
    expect(schemas.RestoredStoreDto.properties.store.enum).toEqual(['postgres', 'redis']);
    expect(schemas.ChecksumDto).toMatchObject({
      required: ['postgres', 'redis'],
      properties: { postgres: { type: 'string', description: 'SHA-256 over every table and sequence' } },
    });
    expect(schemas.HealthDto.properties).toEqual({
      status: expect.objectContaining({ enum: ['ok', 'degraded'] }),
      postgres: expect.objectContaining({ enum: ['up', 'down'] }),
      redis: expect.objectContaining({ enum: ['up', 'down'] }),
    });
    expect(schemas).toHaveProperty('ProblemDetailsDto');
  });
});

describe('LabAppModule: an optional store this sandbox lacks, nested health', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    ({ app, base } = await start({
      contract: PostgresOnlyLab,
      stores: {
        postgres: { checksum: 'SHA-256 over every table and sequence' },
        mongo: { checksum: 'SHA-256 over every collection', optional: true },
      },
      resetDescription: 'PostgreSQL from its template; MongoDB dropped and reloaded.',
      health: 'nested',
    }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('says the optional store is not configured, and stays healthy', async () => {
    const health = await call(base, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(JSON.stringify(health.body)).toBe('{"status":"ok","stores":{"postgres":"up","mongo":"not configured"}}');
  });

  it('leaves the optional store out of the checksum and the reset', async () => {
    expect((await call(base, 'GET', '/lab/checksum')).body).toEqual({ postgres: 'p' });
    expect((await call(base, 'POST', '/lab/reset')).body).toEqual({ restored: [{ store: 'postgres', ms: 1 }] });
  });

  it('documents the optional store as optional, under `stores`', async () => {
    const { schemas } = (await call(base, 'GET', '/docs/openapi.json')).body.components;
    expect(schemas.ChecksumDto.required).toEqual(['postgres']);
    expect(schemas.HealthDto.properties.stores).toEqual({ $ref: '#/components/schemas/StoreStatesDto' });
    expect(schemas.StoreStatesDto.properties.mongo.enum).toEqual(['up', 'down', 'not configured']);
  });
});
