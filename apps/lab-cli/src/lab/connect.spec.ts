import { clientLaunchFor } from './connect';

const service = (engine: 'postgresql' | 'redis' | 'mariadb' | 'mongodb' | 'http') => ({
  name: 'db',
  engine,
  host: '127.0.0.1',
  port: 5432,
  username: 'student',
  password: 's3cret-"pw"',
  database: 'lab',
  url: 'scheme://student:s3cret-"pw"@127.0.0.1:5432/lab',
});

describe('clientLaunchFor', () => {
  it.each(['postgresql', 'redis', 'mariadb', 'mongodb'] as const)(
    'never puts the password of %s on the command line',
    (engine) => {
      const launch = clientLaunchFor(service(engine), '/tmp/x', ['-c', 'SELECT 1']);
      expect(launch.args.join(' ')).not.toContain('s3cret');
    },
  );

  it('hands psql the password by PGPASSWORD and the rest by PG* variables', () => {
    expect(clientLaunchFor(service('postgresql'), '/tmp/x')).toMatchObject({
      program: 'psql',
      env: { PGHOST: '127.0.0.1', PGPORT: '5432', PGUSER: 'student', PGPASSWORD: 's3cret-"pw"', PGDATABASE: 'lab' },
    });
  });

  it('hands redis-cli the password by REDISCLI_AUTH', () => {
    expect(clientLaunchFor(service('redis'), '/tmp/x').env).toEqual({ REDISCLI_AUTH: 's3cret-"pw"' });
  });

  it('writes MariaDB an option file with the password quoted and escaped, named first', () => {
    const launch = clientLaunchFor(service('mariadb'), '/tmp/x');
    expect(launch.args[0]).toBe('--defaults-extra-file=/tmp/x/client.cnf');
    expect(launch.files).toEqual({ 'client.cnf': '[client]\npassword="s3cret-\\"pw\\""\n' });
  });

  it('refuses a service that is no database', () => {
    expect(() => clientLaunchFor(service('http'), '/tmp/x')).toThrow(/not a database/);
  });
});
