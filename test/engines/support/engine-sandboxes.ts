import { generateSecret } from '@lab/runtime/testing/sample-specs';
import type { TestLab } from '../../support/lab-runtime';

/**
 * One sandbox per engine for a test file, from the image kit, through @lab/runtime with the kit's
 * readiness probes; each answers the connection URL a student would be given.
 */
export async function startPostgres(lab: TestLab, name = 'pg'): Promise<string> {
  const password = generateSecret();
  const sandbox = await lab.runtime.provision(
    lab.sandboxId(name),
    {
      example: 'engines-check',
      owner: 'tester',
      services: [
        {
          name: 'postgres',
          image: 'postgres',
          env: { POSTGRES_USER: 'lab', POSTGRES_PASSWORD: password, POSTGRES_DB: 'lab' },
          ports: [5432],
          limits: { cpus: 1, memoryMb: 512, pids: 128 },
          readiness: {
            probes: [{ kind: 'postgres', port: 5432, user: 'lab', password, database: 'lab' }],
            timeoutMs: 60_000,
            intervalMs: 25,
          },
        },
      ],
    },
    { labels: lab.labels },
  );
  const { host, ports } = sandbox.services[0]!;
  return `postgresql://lab:${encodeURIComponent(password)}@${host}:${ports[5432]}/lab`;
}
