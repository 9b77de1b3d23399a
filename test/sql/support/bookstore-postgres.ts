import type { SqlConnectionConfig } from '@lab/sql';
import { generateSecret } from '@lab/runtime/testing/sample-specs';
import type { TestLab } from '../../support/lab-runtime';

/**
 * One PostgreSQL sandbox for a suite, from the image kit, through @lab/runtime. The kit image's
 * POSTGRES_USER is a superuser, which reset needs (CREATE/DROP DATABASE).
 */
export async function provisionBookstorePostgres(
  lab: TestLab,
  name: string,
): Promise<{ config: SqlConnectionConfig; provisionMs: number }> {
  const password = generateSecret();
  const started = performance.now();
  const sandbox = await lab.runtime.provision(
    lab.sandboxId(name),
    {
      example: 'sql-vs-nosql-check',
      owner: 'tester',
      services: [
        {
          name: 'postgres',
          image: 'postgres',
          env: { POSTGRES_USER: 'lab', POSTGRES_PASSWORD: password, POSTGRES_DB: 'bookstore' },
          ports: [5432],
          limits: { cpus: 1, memoryMb: 512, pids: 128 },
          readiness: {
            probes: [
              { kind: 'tcp', port: 5432 },
              { kind: 'postgres', port: 5432, user: 'lab', password, database: 'bookstore' },
            ],
            timeoutMs: 60_000,
            intervalMs: 25,
          },
        },
      ],
    },
    { labels: lab.labels },
  );
  const provisionMs = performance.now() - started;
  const { host, ports } = sandbox.services[0]!;
  return {
    config: { host, port: ports[5432]!, user: 'lab', password, database: 'bookstore' },
    provisionMs,
  };
}
