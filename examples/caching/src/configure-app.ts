import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe, ProblemDetailsFilter } from '@lab/http-problems';

export const OPENAPI_UI_PATH = 'docs';

/** The HTTP setup modules cannot do themselves; main.ts and the e2e tests both call it before `listen`. */
export function configureApp(app: INestApplication): INestApplication {
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const document = new DocumentBuilder()
    .setTitle('Backend Lab — caching')
    .setDescription(
      'A deliberately slow product catalog on PostgreSQL with Redis in front: cache-aside, read-through, ' +
        'write-through, write-behind, invalidation, stampede protection and negative caching. Every read ' +
        'says whether it was a hit or a miss (X-Cache header and `cache.outcome`). Errors are RFC 9457 ' +
        'problem details.',
    )
    .setVersion('1.0.0')
    .build();
  SwaggerModule.setup(OPENAPI_UI_PATH, app, () => SwaggerModule.createDocument(app, document), {
    jsonDocumentUrl: 'docs/openapi.json',
    customSiteTitle: 'Backend Lab — caching',
  });
  return app;
}
