// Public surface of @lab/caching: caching patterns over a caller-supplied ioredis client and
// loader functions. Framework-free and configuration-free: the example app wires it into NestJS.
export { cacheKey, parseCacheKey, versionedNamespace, lockKeyFor, type CacheKeyParts } from './keys';
export { jsonSerializer, type Serializer } from './serialization';
export { NOT_FOUND_MARKER, type CacheLookup, type EntryTtls } from './cache-entry';
export type { CacheRead, ReadPath } from './cache-read';
export { cacheAside, type CacheAsideRead } from './cache-aside';
export { ReadThroughCache, type ReadThroughOptions } from './read-through';
export { WriteThroughCache } from './write-through';
export { WriteBehindCache, WriteBehindFlushError, type PendingWrite, type WriteBehindOptions } from './write-behind';
export { updateThenInvalidate, VersionedNamespace } from './invalidation';
export { RedisLock, type HeldLock } from './redis-lock';
export { PromiseCoalescer } from './promise-coalescer';
export { SingleFlight, SingleFlightTimeoutError, type FlightResult, type SingleFlightOptions } from './single-flight';
export {
  CacheStats,
  hitRatio,
  timed,
  type CacheOutcome,
  type LatencySeries,
  type LatencySummary,
  type StatsSnapshot,
} from './stats';
export { resetRedis } from './redis-reset';
export {
  checksumRedis,
  checksumSeed,
  checksumSnapshot,
  seedSnapshot,
  snapshotRedis,
  UnsupportedRedisTypeError,
  type RedisSeed,
  type RedisSeedEntry,
  type SnapshotEntry,
  type SnapshotType,
} from './redis-snapshot';
