import { z } from 'zod';

/**
 * The guided lab of an example: steps a student works through, each with a check the lab runs
 * against the student's sandbox, and the documented solution (which tests apply to prove that the
 * check fails on an untouched sandbox and passes once the step is done).
 */
const serviceName = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a service name');

export const httpRequestSchema = z.strictObject({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  /** Path on the example's app (`app:` in lab.yaml). */
  path: z.string().startsWith('/'),
  body: z.unknown().optional(),
});

export const httpExpectationSchema = z.strictObject({
  /** Exact status; any 2xx when omitted. */
  status: z.number().int().min(100).max(599).optional(),
  /** Must be contained in the JSON body: objects by their listed keys, arrays element by element. */
  json: z.unknown().optional(),
});

export const sqlQuerySchema = z.strictObject({
  /** A service of a SQL engine (`postgresql`, `mariadb`); the query runs with the student's credentials. */
  service: serviceName,
  sql: z.string().min(1),
});

export const redisCommandSchema = z.strictObject({
  /** A service with a `redis` connection. */
  service: serviceName,
  command: z.array(z.string()).min(1),
});

export const labCheckSchema = z.union([
  z.strictObject({ http: httpRequestSchema.extend({ expect: httpExpectationSchema.default({}) }) }),
  z.strictObject({
    sql: sqlQuerySchema.extend({ expect: z.strictObject({ rows: z.array(z.record(z.string(), z.unknown())) }) }),
  }),
  z.strictObject({ redis: redisCommandSchema.extend({ expect: z.strictObject({ reply: z.unknown() }) }) }),
]);

export const labActionSchema = z.union([
  z.strictObject({ http: httpRequestSchema }),
  z.strictObject({ sql: sqlQuerySchema }),
  z.strictObject({ redis: redisCommandSchema }),
]);

export const labStepSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a lowercase slug'),
  title: z.string().min(1).max(120),
  /** Markdown shown to the student. */
  instructions: z.string().min(1),
  check: labCheckSchema,
  /** What doing the step amounts to, in order; omitted when the step only asks to look. */
  solution: z.array(labActionSchema).default([]),
});

/** The one reset entry point of an example: an HTTP call to its app that restores every store's seed. */
export const resetSchema = z.strictObject({
  http: z.strictObject({
    method: z.enum(['POST', 'PUT']).default('POST'),
    path: z.string().startsWith('/'),
  }),
});

export type LabCheck = z.output<typeof labCheckSchema>;
export type LabAction = z.output<typeof labActionSchema>;
export type LabStep = z.output<typeof labStepSchema>;
export type HttpRequest = z.output<typeof httpRequestSchema>;
