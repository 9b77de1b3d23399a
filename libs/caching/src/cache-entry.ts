import type Redis from 'ioredis';
import type { Serializer } from './serialization';

/**
 * What one cache key holds, read and written with one command each. Shared by every pattern so
 * that "found", "not found (remembered)" and "nothing cached" mean the same thing everywhere.
 */

/**
 * Stored instead of a value when the loader found nothing (negative caching). JSON never starts
 * with `!`, so with the JSON serializer the marker cannot be mistaken for a value; other
 * serializers are checked on write.
 */
export const NOT_FOUND_MARKER = '!not-found';

/** `cached: false` — the key is empty; `value: undefined` — a remembered "not found". */
export type CacheLookup<T> = { cached: false } | { cached: true; value: T | undefined };

export interface EntryTtls {
  /** Lifetime of a found value. */
  ttlMs: number;
  /** Lifetime of a remembered "not found"; without it, "not found" is not cached at all. */
  negativeTtlMs?: number;
}

export async function readEntry<T>(redis: Redis, key: string, serializer: Serializer<T>): Promise<CacheLookup<T>> {
  return decodeEntry(await redis.get(key), serializer);
}

export function decodeEntry<T>(text: string | null, serializer: Serializer<T>): CacheLookup<T> {
  if (text === null) return { cached: false };
  if (text === NOT_FOUND_MARKER) return { cached: true, value: undefined };
  return { cached: true, value: serializer.decode(text) };
}

/**
 * Stores a loaded value with its TTL (SET … PX: value and expiry in one atomic command, so a
 * crash in between can never leave a key that lives forever). `undefined` means "not found": it
 * is remembered only when a negative TTL is configured.
 */
export async function writeEntry<T>(
  redis: Redis,
  key: string,
  value: T | undefined,
  ttls: EntryTtls,
  serializer: Serializer<T>,
): Promise<void> {
  if (value === undefined) {
    if (ttls.negativeTtlMs !== undefined) await redis.set(key, NOT_FOUND_MARKER, 'PX', ttls.negativeTtlMs);
    return;
  }
  const text = serializer.encode(value);
  if (text === NOT_FOUND_MARKER) throw new Error(`cache: a value encodes to the not-found marker (key ${key})`);
  await redis.set(key, text, 'PX', ttls.ttlMs);
}

/** Checks TTL settings once, at construction, rather than failing on the first write. */
export function assertTtls(ttls: EntryTtls): void {
  assertPositiveMs('ttlMs', ttls.ttlMs);
  if (ttls.negativeTtlMs === undefined) return;
  assertPositiveMs('negativeTtlMs', ttls.negativeTtlMs);
  // A "not found" goes stale the moment the row is created: keep it around for less time.
  if (ttls.negativeTtlMs > ttls.ttlMs) {
    throw new Error(`cache: negativeTtlMs (${ttls.negativeTtlMs}) must not exceed ttlMs (${ttls.ttlMs})`);
  }
}

export function assertPositiveMs(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`cache: ${name} must be a positive integer (ms)`);
}
