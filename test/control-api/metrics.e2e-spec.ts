import { Controller, Get, Param } from '@nestjs/common';
import { Access } from '../../apps/control-api/src/access/access.decorator';
import { ControlApi, startControlApi } from './support/control-api';

@Controller('things')
class ThingsController {
  @Get(':id')
  @Access('public')
  find(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Get(':id/private')
  @Access('student')
  secret(): void {}
}

async function scrape(api: ControlApi): Promise<string> {
  const response = await fetch(`${api.base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; .*version=0\.0\.4/);
  return response.text();
}

describe('control API: /metrics', () => {
  let api: ControlApi;

  beforeAll(async () => {
    api = await startControlApi({ controllers: [ThingsController] });
  });
  afterAll(() => api.close());

  it('exposes the default process metrics', async () => {
    const text = await scrape(api);
    expect(text).toContain('# TYPE process_cpu_user_seconds_total counter');
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('times requests by method, route template and status', async () => {
    expect((await fetch(`${api.base}/health`)).status).toBe(200);
    await fetch(`${api.base}/api/things/a`);
    await fetch(`${api.base}/api/things/b`);
    await fetch(`${api.base}/api/things/b/private`); // 401 from the guard: still timed
    await fetch(`${api.base}/api/no-such-route/123`);
    await fetch(`${api.base}/no-such-route`);

    const text = await scrape(api);
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/api/things/:id",status="200"} 2');
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/api/things/:id/private",status="401"} 1',
    );
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="<unmatched>",status="404"} 2');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/health",status="200"\} 1/,
    );
    expect(text).not.toContain('route="/api/things/a"');
  });

  it('keeps a registry per application instance', async () => {
    const other = await startControlApi();
    try {
      const text = await scrape(other);
      expect(text).toContain('process_cpu_user_seconds_total');
      expect(text).not.toContain('route="/api/things/:id"');
    } finally {
      await other.close();
    }
  });
});
