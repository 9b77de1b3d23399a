import { z } from 'zod';

// What `lab --json` promises scripts, written down independently of the API's types: a change of
// the machine output shows up here.
const state = z.enum(['provisioning', 'ready', 'resetting', 'stopping', 'deleted', 'failed']);
const isoDate = z.string().datetime({ offset: true });

export const serviceSchema = z.object({
  name: z.string(),
  engine: z.enum(['postgresql', 'redis', 'mariadb', 'mongodb', 'http']),
  host: z.string(),
  port: z.number().int().positive(),
  username: z.string().optional(),
  password: z.string().optional(),
  database: z.string().optional(),
  url: z.string(),
});

export const sandboxSchema = z.object({
  id: z.string().regex(/^sb-[0-9a-f]{16}$/),
  example: z.string(),
  state,
  reason: z.string().optional(),
  createdAt: isoDate,
  expiresAt: isoDate,
  services: z.array(serviceSchema),
  app: z.object({ url: z.string() }).optional(),
  lastReset: z
    .object({ id: z.string(), state: z.enum(['pending', 'done', 'failed']) })
    .passthrough()
    .optional(),
});

export const exampleSchema = z
  .object({ name: z.string(), title: z.string(), services: z.array(z.object({ name: z.string() }).passthrough()) })
  .passthrough();

export const resetSchema = z
  .object({ id: z.string(), sandboxId: z.string(), state: z.enum(['pending', 'done', 'failed']), requestedAt: isoDate })
  .passthrough();

export const queryResultSchema = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.unknown())),
  rowCount: z.number().int().nonnegative(),
  truncated: z.boolean(),
  durationMs: z.number().nonnegative(),
  notices: z.array(z.string()).optional(),
  plan: z.unknown().optional(),
});

export const labSchema = z.object({
  sandboxId: z.string(),
  example: z.string(),
  solutionsVisible: z.boolean(),
  passed: z.number().int(),
  total: z.number().int(),
  steps: z.array(
    z
      .object({
        id: z.string(),
        title: z.string(),
        instructions: z.string(),
        hasCheck: z.boolean(),
        passed: z.boolean(),
      })
      .passthrough(),
  ),
});

export const checkSchema = z.object({ step: z.string(), passed: z.boolean(), detail: z.string(), checkedAt: isoDate });

const seatSchema = z.object({ seat: z.number().int(), sandboxId: z.string(), state }).passthrough();

export const workshopSchema = z
  .object({
    id: z.string().uuid(),
    example: z.string(),
    capacity: z.number().int(),
    endsAt: isoDate,
    endedAt: isoDate.optional(),
    solutionsVisible: z.boolean(),
    seats: z.array(seatSchema),
  })
  .passthrough();

export const createdWorkshopSchema = workshopSchema.extend({ joinCode: z.string().min(4) });

export const logLineSchema = z.object({ stream: z.enum(['stdout', 'stderr']), text: z.string() });

/** What `--json` prints on stderr when a command fails. */
export const errorSchema = z.object({
  error: z.object({ title: z.string(), status: z.number().optional(), detail: z.string().optional() }).passthrough(),
});
