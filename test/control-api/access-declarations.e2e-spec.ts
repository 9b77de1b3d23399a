import { loadLabConfig } from '@lab/config';
import { Test, TestingModule } from '@nestjs/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditRouteAccess, findRoutesWithoutAccess } from '../../apps/control-api/src/access/access-declarations';
import { AppModule } from '../../apps/control-api/src/app.module';
import { LAB_CONFIG } from '../../apps/control-api/src/config.provider';

// Design habit 8: every route declares who may call it. A new controller or handler without
// @Access(...) fails here, naming the route.
describe('control API: every route declares its access', () => {
  let app: TestingModule;

  beforeAll(async () => {
    // A throw-away data folder: the state database must not land in the checkout.
    const config = { ...loadLabConfig(), dataDir: mkdtempSync(join(tmpdir(), 'lab-access-')) };
    app = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(LAB_CONFIG)
      .useValue(config)
      .compile();
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
