import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, SESSION_SCHEME } from '../access/access.decorator';
import { SESSION_COOKIE } from '../session/session-cookie';
import { FieldErrorDto, problemResponse, ProblemDetailsDto } from '@lab/http-problems';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/openapi.json';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Backend Lab control API')
    .setDescription(
      'Launches and manages Docker sandboxes for students. Errors are RFC 9457 problem details ' +
        '(application/problem+json); routes other than public ones need a bearer token or a browser ' +
        'session (the HttpOnly cookie set by POST /api/session; changes made with it need this API’s Origin).',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'opaque', description: 'Access token' },
      BEARER_SCHEME,
    )
    .addCookieAuth(
      SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        name: SESSION_COOKIE,
        description:
          'Browser session (POST /api/session or the workshop join). HttpOnly and SameSite=Strict; a POST, PUT, ' +
          'PATCH or DELETE authenticated by it must carry an Origin header naming this API (else 403).',
      },
      SESSION_SCHEME,
    )
    .addGlobalResponse({ status: 'default', ...problemResponse('Error (RFC 9457 problem details)') })
    .build();
  return SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] });
}

/** Swagger UI at /api/docs, the document at /api/openapi.json (no YAML twin). */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Backend Lab control API',
  });
}
