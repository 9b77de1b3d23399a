import { warmUpEnv } from './bundle-apps.command';

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
