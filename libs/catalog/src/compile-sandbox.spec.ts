import { compileSandbox, connectionUrl } from './compile-sandbox';
import { ExampleManifest, exampleManifestSchema } from './example-manifest.schema';

const example: ExampleManifest = exampleManifestSchema.parse({
  name: 'tiny-sql',
  title: 'Tiny SQL',
  summary: 'x',
  concepts: ['sql'],
  secrets: ['pg'],
  services: [
    {
      name: 'postgres',
      image: 'postgres',
      env: { POSTGRES_PASSWORD: '${secret:pg}' },
      ports: [5432],
      connection: { engine: 'postgresql', port: 5432, username: 'lab', password: '${secret:pg}', database: 'lab' },
    },
  ],
});

describe('compileSandbox', () => {
  it('fills every secret reference with a fresh ≥128-bit secret per sandbox', () => {
    const first = compileSandbox(example, 'alice');
    const second = compileSandbox(example, 'alice');
    expect(first.secrets.pg).toMatch(/^[A-Za-z0-9_-]{24}$/); // 18 random bytes = 144 bits
    expect(first.secrets.pg).not.toBe(second.secrets.pg);
    expect(first.spec.services[0]!.env).toEqual({ POSTGRES_PASSWORD: first.secrets.pg });
    expect(first.connections).toEqual([
      {
        service: 'postgres',
        engine: 'postgresql',
        port: 5432,
        username: 'lab',
        password: first.secrets.pg,
        database: 'lab',
      },
    ]);
    expect(JSON.stringify(first.spec)).not.toContain('${secret:');
    expect(first.spec.services[0]).not.toHaveProperty('connection');
  });

  it('reuses given secrets (a restarted API adopting a sandbox)', () => {
    expect(compileSandbox(example, 'alice', { pg: 'kept' }).spec.services[0]!.env).toEqual({
      POSTGRES_PASSWORD: 'kept',
    });
  });
});

describe('connectionUrl', () => {
  it('percent-encodes credentials', () => {
    expect(
      connectionUrl(
        { engine: 'postgresql', port: 5432, username: 'lab', password: 'p@ss/w:rd', database: 'shop' },
        '127.0.0.1',
        49153,
      ),
    ).toBe('postgresql://lab:p%40ss%2Fw%3Ard@127.0.0.1:49153/shop');
    expect(connectionUrl({ engine: 'http', port: 3000 }, 'localhost', 8080)).toBe('http://localhost:8080/');
  });

  it('names the Redis user: the ACL user given, else `default` (redis-cli 7.0 refuses `redis://:pw@`)', () => {
    expect(connectionUrl({ engine: 'redis', port: 6379, password: 's' }, '127.0.0.1', 1)).toBe(
      'redis://default:s@127.0.0.1:1',
    );
    expect(connectionUrl({ engine: 'redis', port: 6379, username: 'student', password: 'p/w' }, '127.0.0.1', 2)).toBe(
      'redis://student:p%2Fw@127.0.0.1:2',
    );
    expect(connectionUrl({ engine: 'redis', port: 6379 }, '127.0.0.1', 3)).toBe('redis://127.0.0.1:3');
  });
});

describe('compileSandbox: egress', () => {
  it('asks the runtime for egress only when the manifest says `egress: internet`', () => {
    expect(example.egress).toBe('none');
    expect(compileSandbox(example, 'alice').spec).not.toHaveProperty('egress');
    const open = exampleManifestSchema.parse({ ...example, egress: 'internet' });
    expect(compileSandbox(open, 'alice').spec.egress).toBe('internet');
  });

  it('rejects any other egress value', () => {
    expect(exampleManifestSchema.safeParse({ ...example, egress: 'lan' }).success).toBe(false);
  });
});
