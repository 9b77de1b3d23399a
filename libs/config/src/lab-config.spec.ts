import { loadLabConfig } from './lab-config';

describe('loadLabConfig', () => {
  it('has working defaults', () => {
    expect(loadLabConfig({})).toMatchObject({
      port: 3000,
      imageMode: 'auto',
      imageKitPath: 'docker/images.yaml',
      docker: { socketPath: '/var/run/docker.sock', callTimeoutMs: 15_000 },
    });
  });

  it('runs sandboxes on plain Docker unless LAB_RUNTIME=swarm, with the placement constraints given', () => {
    expect(loadLabConfig({}).runtime).toEqual({ kind: 'docker', swarmConstraints: [] });
    expect(
      loadLabConfig({ LAB_RUNTIME: 'swarm', LAB_SWARM_CONSTRAINTS: 'node.labels.lab==sandboxes; node.role != manager' })
        .runtime,
    ).toEqual({ kind: 'swarm', swarmConstraints: ['node.labels.lab==sandboxes', 'node.role != manager'] });
    expect(() => loadLabConfig({ LAB_RUNTIME: 'kubernetes' })).toThrow(/LAB_RUNTIME/);
    expect(() => loadLabConfig({ LAB_SWARM_CONSTRAINTS: 'node.labels.lab' })).toThrow(/LAB_SWARM_CONSTRAINTS/);
  });

  it('rejects an unknown image mode with the variable name', () => {
    expect(() => loadLabConfig({ LAB_IMAGE_MODE: 'cloud' })).toThrow(/LAB_IMAGE_MODE/);
  });

  it('coerces numbers and rejects nonsense', () => {
    expect(loadLabConfig({ PORT: '8080' }).port).toBe(8080);
    expect(() => loadLabConfig({ LAB_DOCKER_TIMEOUT_MS: 'soon' })).toThrow(/LAB_DOCKER_TIMEOUT_MS/);
  });

  it('logs at info by default and accepts a known LOG_LEVEL only', () => {
    expect(loadLabConfig({}).logLevel).toBe('info');
    expect(loadLabConfig({ LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadLabConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('binds Nest log lines to their request only when LAB_LOG_REQUEST_CONTEXT is on', () => {
    expect(loadLabConfig({}).logRequestContext).toBe(false);
    expect(loadLabConfig({ LAB_LOG_REQUEST_CONTEXT: 'on' }).logRequestContext).toBe(true);
    expect(() => loadLabConfig({ LAB_LOG_REQUEST_CONTEXT: 'yes' })).toThrow(/LAB_LOG_REQUEST_CONTEXT/);
  });

  it('has no admin token unless one of a safe length is given, and never echoes it', () => {
    expect(loadLabConfig({}).adminToken).toBeUndefined();
    expect(loadLabConfig({ LAB_ADMIN_TOKEN: '' }).adminToken).toBeUndefined();
    expect(loadLabConfig({ LAB_ADMIN_TOKEN: 'a'.repeat(32) }).adminToken).toBe('a'.repeat(32));
    expect(() => loadLabConfig({ LAB_ADMIN_TOKEN: 'hunter2' })).toThrow(/LAB_ADMIN_TOKEN/);
    expect(() => loadLabConfig({ LAB_ADMIN_TOKEN: 'hunter2' })).not.toThrow(/hunter2/);
  });

  it('keeps state in ./data by default and in PostgreSQL only when DATABASE_URL is a URL', () => {
    expect(loadLabConfig({})).toMatchObject({ dataDir: './data', databaseUrl: undefined });
    expect(loadLabConfig({ LAB_DATA_DIR: '/var/lib/lab' }).dataDir).toBe('/var/lib/lab');
    expect(loadLabConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    const url = 'postgres://lab:secret@db:5432/lab';
    expect(loadLabConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(() => loadLabConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadLabConfig({ DATABASE_URL: 'not a url' })).not.toThrow(/not a url/);
  });

  it('keeps failed sandboxes 30 min and allows 8 streams per user by default, both settable', () => {
    expect(loadLabConfig({})).toMatchObject({ failedKeepMs: 30 * 60_000, streamsPerUser: 8 });
    expect(loadLabConfig({ LAB_FAILED_KEEP_MINUTES: '0', LAB_STREAMS_PER_USER: '2' })).toMatchObject({
      failedKeepMs: 0,
      streamsPerUser: 2,
    });
    expect(() => loadLabConfig({ LAB_STREAMS_PER_USER: '0' })).toThrow(/LAB_STREAMS_PER_USER/);
    expect(() => loadLabConfig({ LAB_FAILED_KEEP_MINUTES: '-1' })).toThrow(/LAB_FAILED_KEEP_MINUTES/);
  });

  it('allows 4 terminals per user by default, settable', () => {
    expect(loadLabConfig({})).toMatchObject({ terminalsPerUser: 4 });
    expect(loadLabConfig({ LAB_TERMINALS_PER_USER: '2' })).toMatchObject({ terminalsPerUser: 2 });
    expect(() => loadLabConfig({ LAB_TERMINALS_PER_USER: '0' })).toThrow(/LAB_TERMINALS_PER_USER/);
  });

  it('limits console statements to 5 s, 1,000 rows, 1 MiB and 60 a minute by default, all settable', () => {
    expect(loadLabConfig({}).console).toEqual({ timeoutMs: 5_000, maxRows: 1_000, maxBytes: 1_048_576, perMinute: 60 });
    expect(
      loadLabConfig({
        LAB_QUERY_TIMEOUT_MS: '2000',
        LAB_QUERY_MAX_ROWS: '10',
        LAB_QUERY_MAX_BYTES: '4096',
        LAB_CONSOLE_PER_MINUTE: '5',
      }).console,
    ).toEqual({ timeoutMs: 2_000, maxRows: 10, maxBytes: 4_096, perMinute: 5 });
    expect(() => loadLabConfig({ LAB_QUERY_TIMEOUT_MS: '0' })).toThrow(/LAB_QUERY_TIMEOUT_MS/);
    expect(() => loadLabConfig({ LAB_QUERY_MAX_ROWS: 'many' })).toThrow(/LAB_QUERY_MAX_ROWS/);
  });

  it('listens on loopback unless LAB_HOST says otherwise', () => {
    expect(loadLabConfig({}).host).toBe('127.0.0.1');
    expect(loadLabConfig({ LAB_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('enforces the sandbox network policy unless LAB_EGRESS=open', () => {
    expect(loadLabConfig({}).egress).toBe('enforce');
    expect(loadLabConfig({ LAB_EGRESS: 'open' }).egress).toBe('open');
    expect(() => loadLabConfig({ LAB_EGRESS: 'off' })).toThrow(/LAB_EGRESS/);
  });

  it('trusts no proxy by default; accepts hop counts, addresses, subnets and names', () => {
    expect(loadLabConfig({}).trustProxy).toBe(false);
    expect(loadLabConfig({ LAB_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadLabConfig({ LAB_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadLabConfig({ LAB_TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadLabConfig({ LAB_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,fd00::/8' }).trustProxy).toBe(
      '127.0.0.1, 10.0.0.0/8,fd00::/8',
    );
    expect(() => loadLabConfig({ LAB_TRUST_PROXY: 'true' })).toThrow(/LAB_TRUST_PROXY/);
    expect(() => loadLabConfig({ LAB_TRUST_PROXY: '10.0.0.0/33' })).toThrow(/LAB_TRUST_PROXY/);
    expect(() => loadLabConfig({ LAB_TRUST_PROXY: 'proxy.example' })).toThrow(/LAB_TRUST_PROXY/);
  });

  it('takes the origin of LAB_PUBLIC_URL and the browser session lifetime', () => {
    expect(loadLabConfig({})).toMatchObject({ publicOrigin: undefined, sessionLifetimeMs: 12 * 3_600_000 });
    expect(loadLabConfig({ LAB_PUBLIC_URL: 'https://Lab.School.lan/some/path', LAB_SESSION_HOURS: '2' })).toMatchObject(
      { publicOrigin: 'https://lab.school.lan', sessionLifetimeMs: 2 * 3_600_000 },
    );
    expect(loadLabConfig({ LAB_PUBLIC_URL: 'http://10.0.0.5:3000/' }).publicOrigin).toBe('http://10.0.0.5:3000');
    expect(() => loadLabConfig({ LAB_PUBLIC_URL: 'lab.school.lan' })).toThrow(/LAB_PUBLIC_URL/);
    expect(() => loadLabConfig({ LAB_PUBLIC_URL: 'ftp://lab.school.lan' })).toThrow(/LAB_PUBLIC_URL/);
    expect(() => loadLabConfig({ LAB_SESSION_HOURS: '0' })).toThrow(/LAB_SESSION_HOURS/);
  });
});
