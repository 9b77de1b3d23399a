import { HttpMetrics, routeTemplate, UNMATCHED_ROUTE } from './http-metrics';

describe('routeTemplate', () => {
  const on = (url: string | undefined) => ({ routeOptions: { url } }) as Parameters<typeof routeTemplate>[0];

  it('uses the matched route template, not the concrete path', () => {
    expect(routeTemplate(on('/api/sandboxes/:id'), 200)).toBe('/api/sandboxes/:id');
  });

  it('labels requests no route matched as unmatched', () => {
    expect(routeTemplate(on(undefined), 404)).toBe(UNMATCHED_ROUTE);
    // Fastify's not-found route is a catch-all.
    expect(routeTemplate(on('/*'), 404)).toBe(UNMATCHED_ROUTE);
  });
});

describe('HttpMetrics', () => {
  it('keeps one registry per instance, with default and HTTP metrics', async () => {
    const first = new HttpMetrics();
    const second = new HttpMetrics();
    first.observe('GET', '/health', 200, 0.012);

    const text = await first.render();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('http_request_duration_seconds_count{method="GET",route="/health",status="200"} 1');
    expect(await second.render()).not.toContain('route="/health"');
    expect(first.contentType()).toMatch(/^text\/plain/);

    first.onModuleDestroy();
    second.onModuleDestroy();
    expect(await first.render()).toBe('\n');
  });
});
