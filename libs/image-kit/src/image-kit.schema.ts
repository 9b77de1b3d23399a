import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const user = z.string().regex(/^\d+:\d+$/, 'must be uid:gid (numeric, never root by name)');

const tmpfsMount = z.object({ size: z.string().regex(/^\d+[kmg]$/) });

const imageEntry = z
  .object({
    port: z.number().int().min(1).max(65535),
    official: z.object({
      reference: z.string().min(1),
      user,
      env: z.record(z.string(), z.string()).default({}),
      capAdd: z.array(z.string()).default([]),
    }),
    offline: z
      .object({
        tag: z.string().regex(/^backend-lab\/[a-z0-9-]+:[a-z0-9.-]+$/),
        context: z.string().min(1),
        /** Runs before the build with the context dir as argument (e.g. fetch a binary from npm). */
        prepare: z.string().optional(),
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
  });

export const imageKitSchema = z.object({
  base: z.object({ tag: z.string().min(1), script: z.string().min(1) }),
  images: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/), imageEntry),
});

export type ImageKitManifest = z.output<typeof imageKitSchema>;
export type ImageEntry = z.output<typeof imageEntry>;

export interface ImageKit {
  manifest: ImageKitManifest;
  /** Directory the manifest's relative paths are resolved against (docker/). */
  root: string;
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
