import { Test, TestingModule } from '@nestjs/testing';
import { auditRouteAccess, findRoutesWithoutAccess } from '../../apps/control-api/src/access/access-declarations';
import { AppModule } from '../../apps/control-api/src/app.module';

// Design habit 8: every route declares who may call it. A new controller or handler without
// @Access(...) fails here, naming the route.
describe('control API: every route declares its access', () => {
  let app: TestingModule;

  beforeAll(async () => {
    app = await Test.createTestingModule({ imports: [AppModule] }).compile();
  });
  afterAll(() => app.close());

  it('has no route without @Access', () => {
    const missing = findRoutesWithoutAccess(app).map((r) => `${r.controller}.${r.handler} (${r.route})`);
    expect(missing).toEqual([]);
  });

  it('sees the routes of the application (the check is not vacuous)', () => {
    expect(auditRouteAccess(app)).toEqual(
      expect.arrayContaining([
        { controller: 'HealthController', handler: 'check', route: 'GET /health', access: 'public' },
        { controller: 'MetricsController', handler: 'scrape', route: 'GET /metrics', access: 'public' },
      ]),
    );
  });
});
