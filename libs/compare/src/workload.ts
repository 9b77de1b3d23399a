import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * A workload is data: which operations, in what proportions, on which keys, how fast and for how
 * long. The implementations live with each engine (`CompareEngine`); a workload only names them, so
 * the same file runs unchanged on every engine.
 */
export const OPERATION_NAMES = [
  'point-read',
  'order-history',
  'top-books',
  'price-change',
  'new-order',
  'range-scan',
  'read-modify-write',
] as const;
export type OperationName = (typeof OPERATION_NAMES)[number];

/** Operations that change data: the run resets the engine to the seed after checking them. */
export const WRITE_OPERATIONS: ReadonlySet<OperationName> = new Set(['price-change', 'new-order', 'read-modify-write']);

/**
 * YCSB's core mixes on the bookstore: a YCSB "read" is a point read of a book by key, an "update"
 * is a price change (which fans out on the document models), and F's read-modify-write reads a book
 * and then changes its price.
 */
export const YCSB_MIXES = {
  A: [
    { name: 'point-read', weight: 50 },
    { name: 'price-change', weight: 50 },
  ],
  B: [
    { name: 'point-read', weight: 95 },
    { name: 'price-change', weight: 5 },
  ],
  C: [{ name: 'point-read', weight: 100 }],
  F: [
    { name: 'point-read', weight: 50 },
    { name: 'read-modify-write', weight: 50 },
  ],
} as const satisfies Record<string, readonly { name: OperationName; weight: number }[]>;
export type YcsbMix = keyof typeof YCSB_MIXES;

const operationSchema = z.strictObject({
  name: z.enum(OPERATION_NAMES),
  weight: z.number().positive(),
});

const keysSchema = z.strictObject({
  distribution: z.enum(['uniform', 'zipfian']).default('uniform'),
  /** YCSB's default skew. */
  theta: z.number().gt(0).lt(1).default(0.99),
});

export const workloadSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
    description: z.string().max(2000).optional(),
    seed: z.strictObject({ seed: z.number().int().min(0).max(0xffffffff), size: z.number().int().min(1).max(1000) }),
    mix: z.enum(['A', 'B', 'C', 'F']).optional(),
    operations: z.array(operationSchema).min(1).optional(),
    keys: keysSchema.default({ distribution: 'uniform', theta: 0.99 }),
    /** Operations per second the schedule starts, whatever the engine answers. */
    rate: z.number().positive().max(100_000),
    durationSeconds: z.number().positive().max(3600),
    warmupSeconds: z.number().min(0).max(600).default(0),
    /** Connections (operations in flight at once); later operations wait, and that wait is counted. */
    concurrency: z.number().int().min(1).max(256).default(8),
    repetitions: z.number().int().min(1).max(20).default(1),
  })
  .superRefine((value, context) => {
    if ((value.mix === undefined) === (value.operations === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['operations'],
        message: 'give either `mix` or `operations`, not both',
      });
    }
    const names = (value.operations ?? []).map((o) => o.name);
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate) {
      const index = names.lastIndexOf(duplicate);
      context.addIssue({
        code: 'custom',
        path: ['operations', index, 'name'],
        message: `"${duplicate}" is listed twice`,
      });
    }
  });

export type WorkloadInput = z.input<typeof workloadSchema>;
type ParsedWorkload = z.output<typeof workloadSchema>;

/** A validated workload with its mix expanded into operations. */
export interface Workload extends Omit<ParsedWorkload, 'operations'> {
  operations: { name: OperationName; weight: number }[];
}

export interface WorkloadProblem {
  /** Dotted path into the document (`operations.1.weight`), empty for the document itself. */
  path: string;
  message: string;
}

export class InvalidWorkloadError extends Error {
  constructor(readonly problems: WorkloadProblem[]) {
    super(`invalid workload: ${problems.map((p) => `${p.path || '(document)'}: ${p.message}`).join('; ')}`);
    this.name = 'InvalidWorkloadError';
  }
}

/** Validates an already-parsed object (e.g. a JSON request body). */
export function validateWorkload(input: unknown): Workload {
  const parsed = workloadSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidWorkloadError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const { operations, mix, ...rest } = parsed.data;
  return { ...rest, mix, operations: operations ?? YCSB_MIXES[mix!].map((o) => ({ ...o })) };
}

/** Parses and validates workload YAML; every problem comes with its path. */
export function parseWorkload(yamlText: string): Workload {
  const document = parseDocument(yamlText, { prettyErrors: true });
  if (document.errors.length > 0) {
    throw new InvalidWorkloadError(document.errors.map((e) => ({ path: '', message: e.message.split('\n')[0]! })));
  }
  return validateWorkload(document.toJS());
}
