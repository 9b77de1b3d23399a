import type { LabAppHttp } from '@lab/lab-app';
import { problemFromStoreError } from './common/store-errors';

/**
 * This app's own in its HTTP surface, for main.ts and the tests that run it in process
 * (`configureLabApp(app, …)`): its OpenAPI text and error translation; problem+json, validation and
 * /docs are @lab/lab-app's.
 */
export const SQL_VS_NOSQL_HTTP: LabAppHttp = {
  title: 'SQL vs NoSQL bookstore',
  description:
    'One bookstore, three models: relational tables (`/sql`), documents in PostgreSQL JSONB (`/jsonb`) ' +
    'and MongoDB (`/mongo`, when the sandbox has it). The same requests on each, to compare joins ' +
    'with embedding, GROUP BY with $group, a price change fanning out to copies, transactions and plans. ' +
    'Errors are RFC 9457 problem details (application/problem+json).',
  // The stores' own errors (stock, constraints, missing rows) become 4xx problems, never a 500.
  translateError: (error) => problemFromStoreError(error) ?? error,
};
