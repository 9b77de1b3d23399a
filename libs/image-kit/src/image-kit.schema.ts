import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const user = z.string().regex(/^\d+:\d+$/, 'must be uid:gid (numeric, never root by name)');

const tmpfsMount = z.object({ size: z.string().regex(/^\d+[kmg]$/) });

const imageEntry = z
  .object({
    /** The port clients use; absent for an image nobody connects to (the terminal's toolbox). */
    port: z.number().int().min(1).max(65535).optional(),
    /**
     * The upstream image. Absent when none fits (the toolbox): the offline recipe is then built in
     * every mode, since its packages come from Debian wherever it is built.
     */
    official: z
      .object({
        reference: z.string().min(1),
        user,
        env: z.record(z.string(), z.string()).default({}),
        capAdd: z.array(z.string()).default([]),
      })
      .optional(),
    offline: z
      .object({
        tag: z.string().regex(/^backend-lab\/[a-z0-9-]+:[a-z0-9.-]+$/),
        context: z.string().min(1),
        /** Runs before the build with the context dir as argument (e.g. fetch a binary from npm). */
        prepare: z.string().optional(),
        /**
         * Build arguments naming other images of the kit (argument → key), for a recipe built FROM
         * them instead of the base (e.g. a PostgreSQL image with an example's seed baked in, made
         * with the offline PostgreSQL image and the example apps). Each is prepared first and
         * passed as its offline reference; their image ids are part of this recipe's hash.
         */
        from: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()).default({}),
        /** Plain build arguments of the recipe (e.g. which example's seed). */
        buildArgs: z.record(z.string().regex(/^[A-Z][A-Z0-9_]*$/), z.string()).default({}),
        user,
        env: z.record(z.string(), z.string()).default({}),
        capAdd: z.array(z.string()).default([]),
      })
      .optional(),
    offlineUnavailable: z.string().optional(),
    readOnlyRootfs: z.boolean().default(true),
    tmpfs: z.record(z.string().startsWith('/'), tmpfsMount).default({}),
  })
  .refine((entry) => entry.offline || entry.offlineUnavailable, {
    message: 'needs an offline recipe or an offlineUnavailable reason',
  })
  .refine((entry) => entry.official || entry.offline, { message: 'needs an official image or an offline recipe' });

/**
 * An image of the project's own code (the example apps), always built here, FROM whatever image the
 * kit resolves for `from` (the official one on a normal machine, the offline one here).
 */
const appImageEntry = z.strictObject({
  tag: z.string().regex(/^backend-lab\/[a-z0-9-]+:[a-z0-9.-]+$/),
  /** Kit key of the runtime image this one builds on (a key of `images`). */
  from: z.string(),
  context: z.string().min(1),
  /** Fills the context (bundles, node_modules); runs with the context dir as argument. */
  prepare: z.string().optional(),
  /** Sources the image is made from (files or folders, relative to the kit): a change rebuilds it. */
  hashInputs: z.array(z.string()).default([]),
  port: z.number().int().min(1).max(65535),
  user,
  env: z.record(z.string(), z.string()).default({}),
  readOnlyRootfs: z.boolean().default(true),
  tmpfs: z.record(z.string().startsWith('/'), tmpfsMount).default({}),
});

export const imageKitSchema = z
  .object({
    base: z.object({ tag: z.string().min(1), script: z.string().min(1) }),
    images: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), imageEntry),
    apps: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), appImageEntry).default({}),
  })
  .superRefine((kit, context) => {
    for (const [key, entry] of Object.entries(kit.images)) {
      for (const [argument, from] of Object.entries(entry.offline?.from ?? {})) {
        if (from === key || !(from in kit.images || from in kit.apps)) {
          context.addIssue({
            code: 'custom',
            path: ['images', key, 'offline', 'from', argument],
            message: `"${from}" is not another key of images or apps`,
          });
        }
      }
    }
    for (const [key, app] of Object.entries(kit.apps)) {
      if (key in kit.images)
        context.addIssue({ code: 'custom', path: ['apps', key], message: 'is also a key of images' });
      if (!(app.from in kit.images)) {
        context.addIssue({
          code: 'custom',
          path: ['apps', key, 'from'],
          message: `"${app.from}" is not a key of images`,
        });
      }
    }
  });

export type ImageKitManifest = z.output<typeof imageKitSchema>;
export type ImageEntry = z.output<typeof imageEntry>;
export type AppImageEntry = z.output<typeof appImageEntry>;

export interface ImageKit {
  manifest: ImageKitManifest;
  /** Directory the manifest's relative paths are resolved against (docker/). */
  root: string;
}

/** Every key the kit can resolve: the catalog's image allowlist. */
export function kitImageKeys(kit: ImageKit): string[] {
  return [...Object.keys(kit.manifest.images), ...Object.keys(kit.manifest.apps)];
}

export function loadImageKit(manifestPath: string): ImageKit {
  const path = resolve(manifestPath);
  const parsed = imageKitSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${path} is not a valid image kit: ${detail}`);
  }
  return { manifest: parsed.data, root: dirname(path) };
}
