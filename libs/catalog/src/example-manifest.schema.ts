import { ENGINE_NAMES } from '@lab/engines';
import { serviceSpecSchema } from '@lab/runtime';
import { z } from 'zod';
import { labStepSchema, resetSchema } from './lab-steps.schema';

/**
 * The shape of `examples/<name>/lab.yaml`: what an example runs (Compose-like services using
 * image keys of the kit), which secrets each sandbox gets, and how students connect. Strings may
 * reference a secret as `${secret:<name>}`; values are generated per sandbox, never written down.
 * An example with an app may declare its reset entry point and a guided lab (lab-steps.schema.ts).
 */
const slug = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/, 'must be a lowercase slug');
const port = z.number().int().min(1).max(65535);

/** How students reach a service: one of the lab's engines (@lab/engines), or `http` for an app. */
export const CONNECTION_KINDS = [...ENGINE_NAMES, 'http'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const connectionSchema = z.strictObject({
  engine: z.enum(CONNECTION_KINDS),
  port,
  username: z.string().optional(),
  password: z.string().optional(),
  database: z.string().optional(),
});

export const manifestServiceSchema = serviceSpecSchema.extend({
  /** What the API shows students for this service; omitted for internal services. */
  connection: connectionSchema.optional(),
});

export const exampleManifestSchema = z.strictObject({
  name: slug,
  title: z.string().min(1).max(80),
  summary: z.string().min(1).max(400),
  concepts: z.array(slug).min(1),
  secrets: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,30}$/, 'must be a lowercase slug')).default([]),
  services: z.array(manifestServiceSchema).min(1).max(12),
  /** The example's own HTTP app, if it has one. */
  app: z.strictObject({ service: z.string(), port, path: z.string().startsWith('/').default('/') }).optional(),
  /** Restores every store to the seed without recreating containers (needs `app`). */
  reset: resetSchema.optional(),
  lab: z.strictObject({ steps: z.array(labStepSchema).min(1) }).optional(),
  /**
   * What the sandbox may reach beyond its own services: `none` (default) = nothing; `internet` =
   * public addresses too (never this host, the LAN or a metadata address). The catalog shows it.
   */
  egress: z.enum(['none', 'internet']).default('none'),
});

export type ExampleManifest = z.output<typeof exampleManifestSchema>;
export type ManifestService = z.output<typeof manifestServiceSchema>;
export type Connection = z.output<typeof connectionSchema>;
