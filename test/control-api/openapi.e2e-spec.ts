import { Controller, Get } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { OPENAPI_JSON_FILE } from '../../libs/api-client/generate/generated-files';
import { Access } from '../../apps/control-api/src/access/access.decorator';
import { ControlApi, startControlApi } from './support/control-api';

@Controller('secrets')
class SecretsController {
  @Get()
  @Access('admin')
  list(): string[] {
    return [];
  }
}

interface OpenApiDocument {
  info: { title: string };
  paths: Record<string, Record<string, { security?: Record<string, string[]>[]; responses: Record<string, unknown> }>>;
  components: {
    securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }>;
    schemas: Record<string, unknown>;
  };
}

describe('control API: OpenAPI', () => {
  let api: ControlApi;
  let document: OpenApiDocument;

  beforeAll(async () => {
    api = await startControlApi({ controllers: [SecretsController] });
    const response = await fetch(`${api.base}/api/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(() => api.close());

  it('is titled and declares the bearer scheme and the browser session cookie', () => {
    expect(document.info.title).toBe('Backend Lab control API');
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'lab_session',
    });
  });

  it('lists /health and /metrics outside the /api prefix, other routes under it', () => {
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/health', '/metrics', '/api/secrets']));
    expect(document.paths).not.toHaveProperty(['/api/health']);
  });

  it('marks non-public routes as needing the bearer token or the session cookie, and documents problem+json errors', () => {
    const secrets = document.paths['/api/secrets']?.get;
    expect(secrets?.security).toEqual([{ bearer: [] }, { session: [] }]);
    expect(secrets?.responses).toHaveProperty(['401', 'content', 'application/problem+json']);
    expect(secrets?.responses).toHaveProperty(['403', 'content', 'application/problem+json']);
    expect(document.paths['/health']?.get?.security).toBeUndefined();
    expect(document.components.schemas).toHaveProperty('ProblemDetailsDto');
  });

  it("serves the document committed in libs/api-client/openapi.json, apart from this test's own route", () => {
    const { ['/api/secrets']: _ownRoute, ...paths } = document.paths;
    expect({ ...document, paths }).toEqual(JSON.parse(readFileSync(OPENAPI_JSON_FILE, 'utf8')));
  });

  it('serves Swagger UI at /api/docs', async () => {
    const response = await fetch(`${api.base}/api/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('<title>Backend Lab control API</title>');
  });
});
