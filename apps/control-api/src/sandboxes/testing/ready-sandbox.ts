import { exampleManifestSchema } from '@lab/catalog';
import type { ServiceLocator } from '@lab/runtime';
import { newSandboxRecord } from '../sandbox-factory';
import type { SandboxRecord } from '../sandbox.record';

// Fixtures for unit tests of code that turns a sandbox row into addresses (mapper, lab targets).

export const shopExample = exampleManifestSchema.parse({
  name: 'shop',
  title: 'Shop',
  summary: 'x',
  concepts: ['sql'],
  secrets: ['pg'],
  services: [
    {
      name: 'postgres',
      image: 'postgres',
      env: { POSTGRES_PASSWORD: '${secret:pg}' },
      ports: [5432],
      connection: { engine: 'postgresql', port: 5432, username: 'lab', password: '${secret:pg}', database: 'shop' },
    },
    { name: 'app', image: 'lab-apps', ports: [3000] },
  ],
  app: { service: 'app', port: 3000, path: '/docs' },
});

/** A ready row whose recorded endpoints say loopback ports (what the Docker adapter records). */
export function readyShopSandbox(): SandboxRecord {
  return {
    ...newSandboxRecord(shopExample, 'alice', new Date(Date.now() + 3_600_000), new Date()),
    state: 'ready',
    endpoints: [
      { name: 'postgres', containerId: 'c1', host: '127.0.0.1', ports: { '5432': 49153 } },
      { name: 'app', containerId: 'c2', host: '127.0.0.1', ports: { '3000': 49154 } },
    ],
  };
}

/** Another engine's answer (an ingress per service), so reading the row directly would show. */
export const ingressLocator: ServiceLocator = {
  endpoint: (sandbox, service, containerPort) =>
    sandbox.endpoints?.some((recorded) => recorded.name === service)
      ? { host: `${service}.${sandbox.id}.lab.internal`, port: 30_000 + containerPort }
      : undefined,
};
