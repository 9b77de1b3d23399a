import { SpecValidationError } from '../errors';
import { postgresRedisSpec } from '../testing/sample-specs';
import { startOrder, validateSandboxId, validateSandboxSpec } from './validate-sandbox-spec';

const allowed = ['postgres', 'redis', 'node'];

function issuesOf(input: unknown): string[] {
  try {
    validateSandboxSpec(input, allowed);
  } catch (error) {
    expect(error).toBeInstanceOf(SpecValidationError);
    return (error as SpecValidationError).issues.map((i) => `${i.path}: ${i.message}`);
  }
  throw new Error('expected the spec to be rejected');
}

function withService(patch: Record<string, unknown>) {
  return { example: 'demo', owner: 'alice', services: [{ name: 'db', image: 'postgres', ports: [5432], ...patch }] };
}

describe('validateSandboxSpec', () => {
  it('accepts the PG+Redis sample and fills in defaults', () => {
    const spec = validateSandboxSpec(postgresRedisSpec().spec, allowed);
    expect(spec.services.map((s) => s.name)).toEqual(['postgres', 'redis']);
    expect(spec.services[1]!.volumes).toEqual([]);
    expect(spec.services[0]!.readiness!.probes[0]!.attemptTimeoutMs).toBe(2000);
  });

  it('rejects an image outside the allowlist, naming the allowed keys', () => {
    expect(issuesOf(withService({ image: 'evil/miner:latest' }))).toEqual([
      'services.0.image: image "evil/miner:latest" is not in the image kit\'s allowlist (postgres, redis, node)',
    ]);
  });

  it.each([0, 65536, -1, 1.5])('rejects port %p', (port) => {
    expect(issuesOf(withService({ ports: [port] }))[0]).toMatch(/^services\.0\.ports\.0: /);
  });

  it('rejects an empty service name', () => {
    expect(issuesOf(withService({ name: '' }))[0]).toMatch(/^services\.0\.name: must be 1-31 characters/);
  });

  it('rejects duplicate service names', () => {
    const spec = {
      example: 'demo',
      owner: 'a',
      services: [
        { name: 'db', image: 'postgres' },
        { name: 'db', image: 'redis' },
      ],
    };
    expect(issuesOf(spec)).toEqual(['services.1.name: duplicate service name "db"']);
  });

  it.each(['/etc', '/var/run/docker.sock', './data', '../x', 'a/b'])('rejects host bind mount %p', (source) => {
    expect(issuesOf(withService({ volumes: [{ source, target: '/data' }] }))[0]).toMatch(
      /^services\.0\.volumes\.0\.source: host bind mounts are not allowed/,
    );
  });

  it('accepts a named volume', () => {
    expect(() =>
      validateSandboxSpec(withService({ volumes: [{ source: 'pgdata', target: '/data' }] }), allowed),
    ).not.toThrow();
  });

  it('rejects unknown fields rather than ignoring them', () => {
    expect(issuesOf(withService({ privileged: true })).join()).toMatch(/privileged/);
  });

  it('rejects a probe on a port the service does not expose', () => {
    const readiness = { probes: [{ kind: 'tcp', port: 5433 }] };
    expect(issuesOf(withService({ readiness }))).toEqual([
      "services.0.readiness.probes.0.port: probe port 5433 is not one of the service's ports",
    ]);
  });

  it('accepts a service started on first use, with no ports, readiness or dependants', () => {
    const spec = validateSandboxSpec(
      {
        example: 'demo',
        owner: 'a',
        services: [
          { name: 'db', image: 'postgres', ports: [5432] },
          { name: 'shell', image: 'node', startOnFirstUse: true, dependsOn: ['db'] },
        ],
      },
      allowed,
    );
    expect(spec.services[1]!.startOnFirstUse).toBe(true);
  });

  it('refuses a service started on first use that publishes ports, waits to be ready or is waited for', () => {
    const spec = {
      example: 'demo',
      owner: 'a',
      services: [
        {
          name: 'db',
          image: 'postgres',
          ports: [5432],
          startOnFirstUse: true,
          readiness: { probes: [{ kind: 'tcp', port: 5432 }] },
        },
        { name: 'app', image: 'node', dependsOn: ['db'] },
      ],
    };
    expect(issuesOf(spec).map((issue) => issue.split(':')[0])).toEqual([
      'services.0.ports',
      'services.0.readiness',
      'services.1.dependsOn',
    ]);
  });

  it('rejects unknown, self and cyclic dependencies', () => {
    expect(issuesOf(withService({ dependsOn: ['cache'] }))).toEqual(['services.0.dependsOn: unknown service "cache"']);
    expect(issuesOf(withService({ dependsOn: ['db'] }))).toEqual(['services.0.dependsOn: "db" depends on itself']);
    const cyclic = {
      example: 'demo',
      owner: 'a',
      services: [
        { name: 'a', image: 'node', dependsOn: ['b'] },
        { name: 'b', image: 'node', dependsOn: ['a'] },
      ],
    };
    expect(issuesOf(cyclic)).toEqual(['services: dependency cycle between "a", "b"']);
  });

  it('rejects a spec without services', () => {
    expect(issuesOf({ example: 'demo', owner: 'a', services: [] })).toEqual([
      'services: a sandbox needs at least one service',
    ]);
  });
});

describe('validateSandboxId', () => {
  it.each(['ab', 'UPPER', 'has space', 'x'.repeat(41), '-lead'])('rejects %p', (id) => {
    expect(() => validateSandboxId(id)).toThrow(SpecValidationError);
  });
  it('accepts a slug', () => expect(validateSandboxId('s-1a2b')).toBe('s-1a2b'));
});

describe('startOrder', () => {
  it('starts dependencies in earlier waves and independent services together', () => {
    const spec = validateSandboxSpec(
      {
        example: 'demo',
        owner: 'a',
        services: [
          { name: 'app', image: 'node', dependsOn: ['db', 'cache'] },
          { name: 'db', image: 'postgres' },
          { name: 'cache', image: 'redis' },
        ],
      },
      allowed,
    );
    expect(startOrder(spec.services).map((wave) => wave.map((s) => s.name))).toEqual([['db', 'cache'], ['app']]);
  });
});
