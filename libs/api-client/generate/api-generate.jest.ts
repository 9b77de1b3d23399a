// `npm run api:generate` (the jest project `api-generate`, not a test): writes the control API's
// OpenAPI document and the types made of it. It runs under ts-jest because Nest and
// @nestjs/swagger read decorator metadata that TypeScript emits and tsx (esbuild) does not.
import { readFileSync } from 'node:fs';
import { OPENAPI_JSON_FILE, renderSchema, SCHEMA_FILE, writeGeneratedFiles } from './generated-files';

it('writes libs/api-client/openapi.json and libs/api-client/src/schema.ts', async () => {
  await writeGeneratedFiles();
  expect(JSON.parse(readFileSync(OPENAPI_JSON_FILE, 'utf8'))).toHaveProperty('paths');
  expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderSchema(OPENAPI_JSON_FILE));
});
