import { randomBytes } from 'node:crypto';
import type { SandboxSpecInput } from '../sandbox-spec/sandbox-spec.schema';

/** A per-sandbox secret: 144 bits from the CSPRNG, URL-safe. */
export function generateSecret(): string {
  return randomBytes(18).toString('base64url');
}

/** PostgreSQL + Redis with real readiness probes: the sandbox tests and benches provision. */
export function postgresRedisSpec(options: { owner?: string; pgPassword?: string; redisPassword?: string } = {}) {
  const pgPassword = options.pgPassword ?? generateSecret();
  const redisPassword = options.redisPassword ?? generateSecret();
  const spec = {
    example: 'runtime-check',
    owner: options.owner ?? 'tester',
    services: [
      {
        name: 'postgres',
        image: 'postgres',
        env: { POSTGRES_USER: 'lab', POSTGRES_PASSWORD: pgPassword, POSTGRES_DB: 'lab' },
        ports: [5432],
        limits: { cpus: 1, memoryMb: 512, pids: 128 },
        readiness: {
          probes: [
            { kind: 'tcp', port: 5432 },
            { kind: 'postgres', port: 5432, user: 'lab', password: pgPassword, database: 'lab' },
          ],
          timeoutMs: 60_000,
          intervalMs: 25,
        },
      },
      {
        name: 'redis',
        image: 'redis',
        command: ['redis-server', '--requirepass', redisPassword],
        ports: [6379],
        limits: { cpus: 0.5, memoryMb: 128, pids: 64 },
        readiness: {
          probes: [{ kind: 'redis', port: 6379, password: redisPassword }],
          timeoutMs: 30_000,
          intervalMs: 25,
        },
      },
    ],
  } satisfies SandboxSpecInput;
  return { spec, pgPassword, redisPassword };
}
