import { runInNewContext } from 'node:vm';
import { compactBundle, warmUpEnv } from './bundle-apps.command';

describe('warmUpEnv (the env of an app run at image build to make its code cache)', () => {
  it('is the env of the example service that runs the app, every other service at 127.0.0.1', () => {
    const env = warmUpEnv('caching')!;
    expect({
      port: env.PORT,
      database: new URL(env.DATABASE_URL!).host,
      admin: new URL(env.DATABASE_ADMIN_URL!).host,
      redis: new URL(env.REDIS_URL!).host,
    }).toEqual({ port: '3000', database: '127.0.0.1:5432', admin: '127.0.0.1:5432', redis: '127.0.0.1:6379' });
  });

  it('fills the secrets the env refers to', () => {
    expect(JSON.stringify(warmUpEnv('auth'))).not.toContain('${secret:');
  });

  it('points the app at the provider service by address too', () => {
    expect(warmUpEnv('auth')).toMatchObject({ OIDC_ISSUER: 'http://127.0.0.1:4000' });
  });

  it('is undefined for a project that no lab.yaml runs', () => {
    expect(warmUpEnv('not-an-example-app')).toBeUndefined();
  });
});

describe('compactBundle (the bundle as the lab-apps image holds it)', () => {
  // What an app's bundle carries: non-ASCII in strings, regular expressions and comments, class
  // names Nest resolves providers by, and layout.
  const source = `
    /** Ünïcode in a comment */
    class BookstoreService { name() { return 'Łódź – café'; } }
    // validator's alphabets are regular expressions like this one
    const alpha = /^[A-ZÄÖÜß]+$/i;
    module.exports = [new BookstoreService().name(), BookstoreService.name, alpha.test('STRAẞE'), alpha.test('GRÜN'), '😀'.length];
  `;
  const run = (code: string) => {
    const module = { exports: undefined as unknown };
    runInNewContext(code, { module });
    return module.exports;
  };

  it('is ASCII only, so V8 holds it one byte per character', async () => {
    const compact = await compactBundle(source);
    expect([...compact].filter((char) => char.charCodeAt(0) > 0x7f)).toEqual([]);
  });

  it('behaves as the bundle did, class names included', async () => {
    expect(run(await compactBundle(source))).toEqual(run(source));
    expect(run(source)).toEqual(['Łódź – café', 'BookstoreService', false, true, 2]);
  });

  it('drops comments and layout', async () => {
    const compact = await compactBundle(source);
    expect(compact).not.toContain('validator');
    expect(compact.length).toBeLessThan(source.length * 0.8);
  });
});
