import { isEngineName } from './console';
import { connectionUrl, driverForUrl, engineDrivers } from './registry';

describe('the engine registry', () => {
  it('has one driver per engine name, and knows the names', () => {
    expect(engineDrivers().map((driver) => driver.name)).toEqual(['postgresql', 'redis', 'mariadb', 'mongodb']);
    expect(isEngineName('mariadb')).toBe(true);
    expect(isEngineName('http')).toBe(false);
    expect(isEngineName('constructor')).toBe(false);
  });

  it('writes each engine URL the way its clients read it, credentials percent-encoded', () => {
    const parts = { username: 'stu dent', password: 'p@ss/w:rd', database: 'shop' };
    expect(connectionUrl('postgresql', parts, '127.0.0.1', 1)).toBe(
      'postgresql://stu%20dent:p%40ss%2Fw%3Ard@127.0.0.1:1/shop',
    );
    expect(connectionUrl('mariadb', parts, 'h', 2)).toBe('mysql://stu%20dent:p%40ss%2Fw%3Ard@h:2/shop');
    expect(connectionUrl('mongodb', parts, 'h', 3)).toBe(
      'mongodb://stu%20dent:p%40ss%2Fw%3Ard@h:3/shop?authSource=admin',
    );
    expect(connectionUrl('redis', parts, 'h', 4)).toBe('redis://stu%20dent:p%40ss%2Fw%3Ard@h:4');
  });

  it('names the default user of a Redis password without a user, and writes no @ without credentials', () => {
    expect(connectionUrl('redis', { password: 's' }, 'h', 1)).toBe('redis://default:s@h:1');
    expect(connectionUrl('redis', {}, 'h', 1)).toBe('redis://h:1');
    expect(connectionUrl('postgresql', { database: 'db' }, 'h', 1)).toBe('postgresql://h:1/db');
  });

  it('finds the driver of a URL by its scheme', () => {
    expect(driverForUrl('postgres://a@h/db').name).toBe('postgresql');
    expect(driverForUrl('POSTGRESQL://a@h/db').name).toBe('postgresql');
    expect(driverForUrl('mysql://a@h/db').name).toBe('mariadb');
    expect(driverForUrl('redis://:x@h:1').name).toBe('redis');
    expect(() => driverForUrl('http://h/')).toThrow('no engine reads http: URLs');
  });
});
