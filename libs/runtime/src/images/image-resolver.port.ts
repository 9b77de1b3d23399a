/**
 * What the runtime needs to know about an image key: which reference to run and how the image
 * must be run to stay hardened (its non-root user, writable tmpfs paths, extra capabilities).
 * The image kit implements this; the runtime never sees a raw image reference from a spec.
 */
export interface ResolvedImage {
  key: string;
  reference: string;
  variant: 'official' | 'offline';
  /** uid:gid the image runs as; databases never run as root. */
  user: string;
  readOnlyRootfs: boolean;
  /** Writable paths on a read-only rootfs: path → tmpfs mount options. */
  tmpfs: Record<string, string>;
  /** Capabilities added back after `CapDrop: ALL` (normally none). */
  capAdd: string[];
  /** Environment the image needs in this variant (e.g. PGDATA). */
  env: Record<string, string>;
}

export interface ImageResolver {
  /** The allowlist: synchronous so that specs are rejected before any Docker call. */
  allowedKeys(): readonly string[];
  /** Throws ImageNotAvailableError with an instruction when the image is not on this engine. */
  resolve(key: string): Promise<ResolvedImage>;
}
