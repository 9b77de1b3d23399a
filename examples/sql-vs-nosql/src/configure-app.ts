import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { FieldErrorDto, problemResponse, ProblemDetailsDto } from './common/problem-details.dto';
import { ProblemDetailsFilter } from './common/problem-details.filter';
import { createValidationPipe } from './common/validation';

export const DOCS_PATH = 'docs';

/** The HTTP surface modules cannot set up themselves; main.ts and the e2e test both call it. */
export function configureApp(app: INestApplication): INestApplication {
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  const config = new DocumentBuilder()
    .setTitle('SQL vs NoSQL bookstore')
    .setDescription(
      'One bookstore, three models: relational tables (`/sql`), documents in PostgreSQL JSONB (`/jsonb`) ' +
        'and MongoDB (`/mongo`, when the sandbox has it). The same requests on each, to compare joins ' +
        'with embedding, GROUP BY with $group, a price change fanning out to copies, transactions and plans. ' +
        'Errors are RFC 9457 problem details (application/problem+json).',
    )
    .setVersion('1.0.0')
    .addGlobalResponse({ status: 'default', ...problemResponse('Error (RFC 9457 problem details)') })
    .build();
  SwaggerModule.setup(
    DOCS_PATH,
    app,
    () => SwaggerModule.createDocument(app, config, { extraModels: [ProblemDetailsDto, FieldErrorDto] }),
    { jsonDocumentUrl: 'docs/openapi.json', customSiteTitle: 'SQL vs NoSQL bookstore' },
  );
  return app;
}
