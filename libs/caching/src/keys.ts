/**
 * Key naming: every cache key reads `<namespace>:<entity>:<id>`, e.g. `shop@v3:book:42`.
 *
 * A fixed shape makes keys greppable (`SCAN MATCH shop@v3:book:*`), keeps entities from colliding
 * and lets a parser take a key apart again. `:` separates the three parts, so it may not appear
 * inside the namespace or the entity, and is escaped inside the id (ids come from users: emails,
 * slugs, composite keys), which keeps the split unambiguous.
 */

export interface CacheKeyParts {
  namespace: string;
  entity: string;
  id: string;
}

const NAME = /^[A-Za-z0-9_.@-]+$/;

/** `<namespace>:<entity>:<id>`, with `%` and `:` in the id percent-escaped. */
export function cacheKey(namespace: string, entity: string, id: string | number): string {
  assertName('namespace', namespace);
  assertName('entity', entity);
  const text = String(id);
  if (text === '') throw new Error('cache key: id is empty');
  return `${namespace}:${entity}:${escapeId(text)}`;
}

/** The inverse of `cacheKey` (the id comes back as a string: Redis keys carry no types). */
export function parseCacheKey(key: string): CacheKeyParts {
  const [namespace, entity, id, ...rest] = key.split(':');
  if (namespace === undefined || entity === undefined || id === undefined || rest.length > 0) {
    throw new Error(`cache key "${key}" is not <namespace>:<entity>:<id>`);
  }
  assertName('namespace', namespace);
  assertName('entity', entity);
  return { namespace, entity, id: unescapeId(id) };
}

/**
 * A namespace with a version in it: `shop@v3`. Bumping the version changes every key built from
 * it at once, which invalidates a whole namespace in O(1) without scanning: the old keys are
 * simply never read again and leave with their TTL (which is why every entry must have one).
 */
export function versionedNamespace(name: string, version: number): string {
  assertName('namespace', name);
  if (name.includes('@')) throw new Error(`cache key: namespace "${name}" already carries a version`);
  if (!Number.isSafeInteger(version) || version < 0) throw new Error(`cache key: bad version ${version}`);
  return `${name}@v${version}`;
}

/** The lock that guards loading one key (a fourth segment, so it cannot collide with a cache key). */
export function lockKeyFor(key: string): string {
  return `${key}:lock`;
}

function assertName(part: string, value: string): void {
  if (!NAME.test(value)) throw new Error(`cache key: ${part} "${value}" must match ${NAME}`);
}

function escapeId(id: string): string {
  return id.replace(/[%:]/g, (char) => (char === '%' ? '%25' : '%3A'));
}

// One pass, so an escaped `%` is never read again as the start of another escape.
function unescapeId(id: string): string {
  return id.replace(/%(25|3A)/gi, (_, code: string) => (code === '25' ? '%' : ':'));
}
