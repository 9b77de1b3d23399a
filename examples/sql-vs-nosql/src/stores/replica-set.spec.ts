import { directConnectionUrl, memberHost, replicaSetName } from './replica-set';

describe('replica set bootstrap URLs', () => {
  const url = 'mongodb://student:s3cr-t_@mongo:27017/bookstore?authSource=admin&replicaSet=rs0';

  it('talks to the one server directly, keeping credentials and authSource', () => {
    expect(directConnectionUrl(url)).toBe(
      'mongodb://student:s3cr-t_@mongo:27017/bookstore?authSource=admin&directConnection=true',
    );
  });

  it('leaves SRV and multi-host URLs alone: those name clusters that already exist', () => {
    expect(directConnectionUrl('mongodb+srv://cluster.example.org/db')).toBeUndefined();
    expect(directConnectionUrl('mongodb://a:27017,b:27017/db?replicaSet=rs0')).toBeUndefined();
  });

  it('names the member as the sandbox network knows it, and the set as the URL asks', () => {
    expect(memberHost(url)).toBe('mongo:27017');
    expect(memberHost('mongodb://mongo/bookstore')).toBe('mongo:27017');
    expect(replicaSetName(url)).toBe('rs0');
    expect(replicaSetName('mongodb://mongo/bookstore?replicaSet=lab')).toBe('lab');
    expect(replicaSetName('mongodb://mongo/bookstore')).toBe('rs0');
  });
});
