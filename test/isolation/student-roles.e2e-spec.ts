import type { ExampleManifest } from '@lab/catalog';
import { Redis } from 'ioredis';
import { connect } from 'node:net';
import { Client } from 'pg';
import { launchExample, loadExamples, type LaunchedExample } from '../examples/support/launch-example';
import { createTestLab } from '../support/lab-runtime';
import { launchMariadb, mysqlUrlParts, type LaunchedMariadb } from './support/isolation';

// What a student can do with the credentials the API hands out: their own data, fully; the server,
// its files, its programs and other roles, not at all. The caching example (PostgreSQL + Redis +
// its app, which makes the student's role at first boot) is launched exactly as a student gets it.
const lab = createTestLab();
let caching: ExampleManifest;
let launched: LaunchedExample;

beforeAll(async () => {
  caching = loadExamples(lab).find((example) => example.name === 'caching')!;
  launched = await launchExample(lab, caching);
}, 300_000);
afterAll(() => lab.reap());

/** The SQLSTATE a statement fails with, or 'ok'. */
async function sqlOutcome(url: string, sql: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL: the student owns the example database and nothing more', () => {
  const url = () => launched.target.connections['postgres']!;

  it('is a plain login role (no superuser, CREATEDB, CREATEROLE, server-file roles) owning its database', async () => {
    const client = new Client({ connectionString: url() });
    await client.connect();
    try {
      const { rows } = await client.query(`
        SELECT r.rolname, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls,
               pg_has_role(current_user, 'pg_read_server_files', 'MEMBER') AS reads_files,
               pg_has_role(current_user, 'pg_write_server_files', 'MEMBER') AS writes_files,
               pg_has_role(current_user, 'pg_execute_server_program', 'MEMBER') AS runs_programs,
               (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS database_owner,
               (SELECT tableowner FROM pg_tables WHERE tablename = 'products') AS table_owner
        FROM pg_roles r WHERE r.rolname = current_user`);
      expect(rows).toEqual([
        {
          rolname: 'student',
          rolsuper: false,
          rolcreatedb: false,
          rolcreaterole: false,
          rolreplication: false,
          rolbypassrls: false,
          reads_files: false,
          writes_files: false,
          runs_programs: false,
          database_owner: 'student',
          table_owner: 'student',
        },
      ]);
    } finally {
      await client.end();
    }
  });

  it.each([
    ['COPY … FROM PROGRAM (a shell in the container)', `COPY products_copy FROM PROGRAM 'id'`],
    ['COPY … FROM a server file', `COPY products_copy FROM '/etc/passwd'`],
    ['pg_read_file', `SELECT pg_read_file('/etc/passwd')`],
    ['lo_import of a server file', `SELECT lo_import('/etc/passwd')`],
    ['ALTER SYSTEM', `ALTER SYSTEM SET work_mem = '64MB'`],
    ['CREATE ROLE', `CREATE ROLE intruder LOGIN PASSWORD 'x'`],
    ['making itself a superuser', `ALTER ROLE student SUPERUSER`],
    ['CREATE DATABASE', `CREATE DATABASE another`],
    ['dropping the seed template', `DROP DATABASE shop_seed`],
  ])('refuses %s with a permission error', async (_what, sql) => {
    await sqlOutcome(url(), 'CREATE TABLE IF NOT EXISTS products_copy (line text)');
    expect(await sqlOutcome(url(), sql)).toBe('42501');
  });

  it('creates tables, indexes (on the seeded table too), views and functions', async () => {
    const statements = [
      'CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL)',
      'CREATE INDEX notes_body_idx ON notes (body)',
      'CREATE INDEX products_category_idx ON products (category)',
      'CREATE VIEW cheap_products AS SELECT id, name FROM products WHERE price_cents < 1000',
      `CREATE FUNCTION double_price(cents integer) RETURNS integer LANGUAGE plpgsql AS $$ BEGIN RETURN cents * 2; END $$`,
      'SELECT double_price(price_cents) FROM products LIMIT 1',
    ];
    const outcomes = [];
    for (const sql of statements) outcomes.push(await sqlOutcome(url(), sql));
    expect(outcomes).toEqual(statements.map(() => 'ok'));
  });

  it('gets its database back after a reset, and its password if it changed it', async () => {
    await sqlOutcome(url(), `ALTER ROLE student PASSWORD 'changed-by-the-student'`);
    const response = await launched.reset();
    expect(response.status).toBe(200);
    expect(await sqlOutcome(url(), 'CREATE INDEX products_name_idx ON products (name)')).toBe('ok');
    expect(await sqlOutcome(url(), 'CREATE ROLE intruder')).toBe('42501');
  });
});

describe('Redis: the student ACL user uses data, not the server', () => {
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(launched.target.connections['redis']!, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
  });
  afterAll(() => redis?.disconnect());

  const refusal = (command: string[]) =>
    redis.call(command[0]!, ...command.slice(1)).then(
      (reply) => `allowed: ${JSON.stringify(reply)}`,
      (error: Error) => error.message.split(' ')[0],
    );

  // Redis 7 refuses DEBUG to everyone unless enable-debug-command allows it; the ACL must refuse it
  // anyway (a config could allow it), which ACL DRYRUN below asks the server directly.
  const adminCommands = [
    ['CONFIG', 'GET', 'maxmemory'],
    ['CONFIG', 'SET', 'dir', '/tmp'],
    ['MODULE', 'LIST'],
    ['DEBUG', 'SLEEP', '0'],
    ['SHUTDOWN', 'NOSAVE'],
    ['REPLICAOF', 'NO', 'ONE'],
    ['SLAVEOF', 'NO', 'ONE'],
    ['MIGRATE', '127.0.0.1', '1', 'key', '0', '1000'],
    ['FAILOVER', 'ABORT'],
    ['ACL', 'WHOAMI'],
    ['ACL', 'SETUSER', 'student', '+@all'],
  ];

  it.each(adminCommands.filter(([name]) => name !== 'DEBUG').map((command) => [command]))(
    'refuses %j with NOPERM',
    async (command) => {
      expect(await refusal(command)).toBe('NOPERM');
    },
  );

  it('has an ACL that denies every server command to the student (ACL DRYRUN, asked as lab_admin)', async () => {
    const url = new URL(launched.target.connections['redis']!);
    url.username = 'lab_admin';
    url.password = launched.secrets['redis-admin-password']!;
    const admin = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 0 });
    await admin.connect();
    try {
      const verdicts = [];
      for (const command of adminCommands) {
        const verdict = String(await admin.call('ACL', 'DRYRUN', 'student', ...command));
        verdicts.push({ command: command[0], denied: verdict.startsWith('This user has no permissions') });
      }
      expect(verdicts).toEqual(adminCommands.map((command) => ({ command: command[0], denied: true })));
      expect(await admin.call('ACL', 'DRYRUN', 'student', 'GET', 'key')).toBe('OK');
    } finally {
      admin.disconnect();
    }
  });

  it('reads and writes keys, runs scripts and sees the seed', async () => {
    expect(await redis.set('isolation:probe', 'v')).toBe('OK');
    expect(await redis.get('isolation:probe')).toBe('v');
    expect(await redis.eval("return redis.call('GET', KEYS[1])", 1, 'isolation:probe')).toBe('v');
    expect(await redis.exists('lab:keys')).toBe(1);
  });

  it('has no `default` user: the student password alone (requirepass style) opens nothing', async () => {
    const { hostname, port, password } = new URL(launched.target.connections['redis']!);
    // A bare socket: clients send HELLO first and give up on its NOAUTH before AUTH could be seen.
    const replies = await redisReplies(hostname, Number(port), [`AUTH ${password}`, 'PING'], 2);
    expect(replies.map((reply) => reply.split(' ')[0])).toEqual(['-WRONGPASS', '-NOAUTH']);
  });
});

/** The first `count` reply lines to inline commands sent on a fresh connection. */
function redisReplies(host: string, port: number, commands: string[], count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let text = '';
    socket.setTimeout(5_000, () => socket.destroy(new Error('redis: no reply')));
    socket.on('connect', () => socket.write(commands.map((command) => `${command}\r\n`).join('')));
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const lines = text.split('\r\n').filter(Boolean);
      if (lines.length >= count) {
        socket.destroy();
        resolve(lines.slice(0, count));
      }
    });
    socket.on('error', reject);
  });
}

describe('MariaDB: ALL on its own database, nothing global', () => {
  let mariadb: LaunchedMariadb;
  beforeAll(async () => {
    mariadb = await launchMariadb(lab);
  }, 180_000);

  /** The student's statement through the server's own client, with the URL's credentials. */
  const asStudent = (sql: string) => {
    const { user, password, database } = mysqlUrlParts(mariadb.url);
    return lab.runtime.exec(mariadb.sandboxId, 'mariadb', [
      'mariadb',
      '-h127.0.0.1',
      `-u${user}`,
      `-p${password}`,
      database,
      '--skip-column-names',
      '--silent',
      '--raw',
      '-e',
      sql,
    ]);
  };

  it.each([
    ['INTO OUTFILE (FILE)', `SELECT 1 INTO OUTFILE '/tmp/out.txt'`, 'ERROR 1227'],
    ['reading mysql.user', 'SELECT user FROM mysql.user', 'ERROR 1142'],
    ['SET GLOBAL (SUPER)', 'SET GLOBAL max_connections = 50', 'ERROR 1227'],
    ['CREATE USER', `CREATE USER 'intruder'@'%'`, 'ERROR 1227'],
    ['SHUTDOWN', 'SHUTDOWN', 'ERROR 1227'],
    ['another database', 'CREATE DATABASE other', 'ERROR 1044'],
    ['a database the `_` wildcard would match', 'CREATE DATABASE labxshop', 'ERROR 1044'],
    ['granting itself more', `GRANT ALL ON *.* TO 'student'@'%'`, 'ERROR 1045'],
  ])('refuses %s', async (_what, sql, error) => {
    const result = await asStudent(sql);
    expect({ exitCode: result.exitCode, error: /ERROR \d+/.exec(result.stderr)?.[0] }).toEqual({ exitCode: 1, error });
  });

  it('reads no server file (LOAD_FILE gives NULL without FILE)', async () => {
    expect(await asStudent(`SELECT LOAD_FILE('/etc/passwd')`)).toMatchObject({ exitCode: 0, stdout: 'NULL\n' });
  });

  it('holds exactly USAGE globally and ALL on its database', async () => {
    const grants = await asStudent('SHOW GRANTS');
    expect(grants.exitCode).toBe(0);
    expect(
      grants.stdout
        .trim()
        .split('\n')
        .map((line) => line.replace(/ IDENTIFIED BY PASSWORD '[^']*'/, '')),
    ).toEqual(['GRANT USAGE ON *.* TO `student`@`%`', 'GRANT ALL PRIVILEGES ON `lab\\_shop`.* TO `student`@`%`']);
  });

  it('creates tables, indexes and views in its database', async () => {
    const result = await asStudent(
      'CREATE TABLE notes (id INT PRIMARY KEY, body TEXT); CREATE INDEX notes_body ON notes (body(20)); ' +
        "INSERT INTO notes VALUES (1, 'hello'); CREATE VIEW v AS SELECT body FROM notes; SELECT body FROM v",
    );
    expect(result).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
  });
});
