import {
  compileSandbox,
  connectionUrl,
  loadCatalog,
  type CompiledSandbox,
  type ExampleManifest,
  type LabTarget,
} from '@lab/catalog';
import { configureLabApp } from '@lab/lab-app';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../../examples/caching/src/app.module';
import { CACHING_CONFIG, loadConfig, type CachingConfig } from '../../../examples/caching/src/config';
import { CACHING_HTTP } from '../../../examples/caching/src/app-http';
import type { TestLab } from '../../support/lab-runtime';

/**
 * The caching example's stores, provisioned from its own lab.yaml (so the manifest's PostgreSQL
 * and Redis, secrets, probes and credentials are what the tests use), without its `app` service:
 * the app runs in this process instead, where tests can reach into it.
 */
export interface CachingStores {
  example: ExampleManifest;
  compiled: CompiledSandbox;
  /** Service → connection URL with the student's credentials, on the published host ports. */
  connections: Record<'postgres' | 'redis', string>;
  /** The app's configuration: the manifest's `app` env, with the stores' URLs as seen from here
   * (PostgreSQL and Redis as the student, the PostgreSQL admin's URL for the role and the template). */
  config(overrides?: Record<string, string>): CachingConfig;
}

export function loadCachingExample(lab: TestLab): ExampleManifest {
  // lab-apps is allowed explicitly: the stores run without it, whether or not this machine built it.
  const catalog = loadCatalog('examples', [...lab.images.allowedKeys(), 'lab-apps']);
  const problems = catalog.problems.filter((problem) => problem.file.includes('caching'));
  if (problems.length > 0) throw new Error(`examples/caching/lab.yaml: ${JSON.stringify(problems)}`);
  const example = catalog.examples.find((candidate) => candidate.name === 'caching');
  if (!example) throw new Error('examples/caching/lab.yaml did not load');
  return example;
}

export async function provisionCachingStores(lab: TestLab, example: ExampleManifest): Promise<CachingStores> {
  const compiled = compileSandbox(example, 'tester');
  // The plain PostgreSQL image, not the manifest's (which may have the seed baked in): these tests
  // boot the app on an empty database, the first boot every unbaked sandbox has (the official image).
  // test/examples/baked-seed.e2e-spec.ts covers the baked image.
  const services = compiled.spec.services
    .filter((service) => service.name !== 'app')
    .map((service) => (service.name === 'postgres' ? { ...service, image: 'postgres' } : service));
  const sandbox = await lab.runtime.provision(
    lab.sandboxId('caching-app'),
    { ...compiled.spec, services },
    { labels: lab.labels },
  );
  const urlOf = (service: 'postgres' | 'redis') => {
    const connection = compiled.connections.find((c) => c.service === service)!;
    const endpoint = sandbox.services.find((s) => s.name === service)!;
    return connectionUrl(connection, endpoint.host, endpoint.ports[connection.port]!);
  };
  const connections = { postgres: urlOf('postgres'), redis: urlOf('redis') };
  const appEnv = compiled.spec.services.find((service) => service.name === 'app')!.env ?? {};
  // The admin URL (the app makes the student's role with it) as seen from here, not from the app's network.
  const postgres = sandbox.services.find((s) => s.name === 'postgres')!;
  const adminUrl = appEnv['DATABASE_ADMIN_URL']?.replace(
    '@postgres:5432/',
    `@${postgres.host}:${postgres.ports[5432]}/`,
  );
  return {
    example,
    compiled,
    connections,
    config: (overrides = {}) =>
      loadConfig({
        ...appEnv,
        DATABASE_URL: connections.postgres,
        ...(adminUrl ? { DATABASE_ADMIN_URL: adminUrl } : {}),
        REDIS_URL: connections.redis,
        ...overrides,
      }),
  };
}

export interface CachingApp {
  app: INestApplication;
  base: string;
  target: LabTarget;
  close(): Promise<void>;
}

/** The real AppModule with the production HTTP setup, its config token overridden, on a free port. */
export async function startCachingApp(stores: CachingStores, config: CachingConfig): Promise<CachingApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(CACHING_CONFIG)
    .useValue(config)
    .compile();
  // Errors only: resets cut idle PostgreSQL connections on purpose, and the warnings say so.
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureLabApp(app, CACHING_HTTP);
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, base, target: { appUrl: base, connections: stores.connections }, close: () => app.close() };
}
