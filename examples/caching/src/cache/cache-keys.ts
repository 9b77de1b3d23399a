import { cacheKey, lockKeyFor } from '@lab/caching';

/**
 * Key naming: `<namespace>:<entity>:<id>`. Each pattern gets its own namespace, so students can
 * watch them side by side in redis-cli (`SCAN 0 MATCH *:product:7`) without one pattern reading
 * the other's entries. Write-through, write-behind and invalidation share the read-through keys:
 * they are the writes of that same cache.
 */
export const ASIDE_NAMESPACE = 'aside';
export const CATALOG_NAMESPACE = 'catalog';
export const PRODUCT_ENTITY = 'product';

export const asideKey = (id: number | string) => cacheKey(ASIDE_NAMESPACE, PRODUCT_ENTITY, id);
export const readThroughKey = (id: number | string) => cacheKey(CATALOG_NAMESPACE, PRODUCT_ENTITY, id);

/** Every cache key a product can have: what an update must invalidate. */
export const productKeys = (id: number) => [asideKey(id), readThroughKey(id)];

/** The naming scheme, spelled out with `<id>` placeholders (served by GET /keys and seeded into Redis). */
export function keyPatterns(): Record<string, string> {
  return {
    'cache-aside': asideKey('<id>'),
    'read-through': readThroughKey('<id>'),
    'single-flight lock': lockKeyFor(readThroughKey('<id>')),
  };
}
