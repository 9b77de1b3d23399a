import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  createValidationPipe,
  FieldErrorDto,
  ProblemDetailsDto,
  ProblemDetailsFilter,
  problemResponse,
} from '@lab/http-problems';
import { problemFromStoreError } from './common/store-errors';

export const DOCS_PATH = 'docs';

/** The HTTP surface modules cannot set up themselves; main.ts and the e2e test both call it. */
export function configureApp(app: INestApplication): INestApplication {
  (app.getHttpAdapter().getInstance() as { disable(setting: string): void }).disable('x-powered-by');
  app.useGlobalPipes(createValidationPipe());
  // The stores' own errors (stock, constraints, missing rows) become 4xx problems, never a 500.
  app.useGlobalFilters(new ProblemDetailsFilter((error) => problemFromStoreError(error) ?? error));
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
