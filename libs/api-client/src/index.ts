// The one typed client of the control API: types generated from its OpenAPI document
// (`npm run api:generate`) and a small openapi-fetch client. Bench suites, tests, the CLI and the
// web app use it; none restates a response shape.
export type { components, operations, paths } from './schema';
export { createLabClient } from './lab-client';
export type { LabClient, LabClientOptions, LabSchemas } from './lab-client';
export { expectData, expectOk, isProblem, LabApiError, toLabApiError } from './lab-api-error';
export type { Problem } from './lab-api-error';
