import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe, ProblemDetailsFilter } from '@lab/http-problems';

/** The HTTP surface modules cannot set up themselves; main.ts calls it before `listen`. */
export function configureApp(app: INestApplication): INestApplication {
  const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void };
  express.disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = new DocumentBuilder()
    .setTitle('Backend Lab: auth example')
    .setDescription(
      'Passwords (argon2id), JWT access tokens with refresh rotation, server-side sessions with CSRF ' +
        'protection, roles, login rate limiting and OAuth 2.0 code + PKCE. Seed users and passwords are ' +
        'in the README. Errors are RFC 9457 problem details (application/problem+json).',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addCookieAuth('sid')
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'docs/openapi.json',
    customSiteTitle: 'Backend Lab: auth',
  });
  return app;
}
