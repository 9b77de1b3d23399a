import type Redis from 'ioredis';
import { assertTtls, readEntry, writeEntry, type EntryTtls } from './cache-entry';
import type { CacheRead } from './cache-read';
import { updateThenInvalidate } from './invalidation';
import { PromiseCoalescer } from './promise-coalescer';
import { jsonSerializer, type Serializer } from './serialization';
import { SingleFlight, type FlightResult, type SingleFlightOptions } from './single-flight';
import type { CacheStats } from './stats';

export interface ReadThroughOptions<Id, T> extends EntryTtls {
  redis: Redis;
  /** The cache key of an id, e.g. `(id) => cacheKey('shop', 'book', id)` or a `VersionedNamespace`. */
  key: (id: Id) => string | Promise<string>;
  /** Reads the source of truth; `undefined` means "no such item". */
  load: (id: Id) => Promise<T | undefined>;
  serializer?: Serializer<T>;
  stats?: CacheStats;
  /** Concurrent misses of one key in this process share one load (default: true). */
  coalesce?: boolean;
  /** Concurrent misses of one key across processes share one load, through a Redis lock (default: off). */
  singleFlight?: SingleFlightOptions;
}

/**
 * Read-through: the cache object owns the loader, so callers just `get(id)` and never talk to the
 * source on the read path. That is also the one place where stampede protection can live:
 * in-process coalescing, then (optionally) a cross-process single-flight lock.
 */
export class ReadThroughCache<Id, T> {
  readonly redis: Redis;
  private readonly serializer: Serializer<T>;
  private readonly coalescer: PromiseCoalescer<string, FlightResult<T>> | undefined;
  private readonly singleFlight: SingleFlight | undefined;

  constructor(private readonly options: ReadThroughOptions<Id, T>) {
    assertTtls(options);
    this.redis = options.redis;
    this.serializer = options.serializer ?? jsonSerializer<T>();
    this.coalescer = options.coalesce === false ? undefined : new PromiseCoalescer();
    this.singleFlight = options.singleFlight ? new SingleFlight(options.redis, options.singleFlight) : undefined;
  }

  async get(id: Id): Promise<CacheRead<T>> {
    const start = performance.now();
    const key = await this.keyOf(id);
    const read = await this.read(id, key);
    this.options.stats?.recordRead(read.outcome, performance.now() - start);
    return read;
  }

  /** Puts a value the caller already has (write-through, write-behind). */
  async put(id: Id, value: T): Promise<void> {
    await writeEntry(this.redis, await this.keyOf(id), value, this.options, this.serializer);
  }

  /** Drops the cached copy: the next read loads from the source. */
  async invalidate(id: Id): Promise<void> {
    await this.redis.del(await this.keyOf(id));
  }

  /** Write the source first, then invalidate (the order matters: see `updateThenInvalidate`). */
  async updateThenInvalidate<R>(id: Id, update: () => Promise<R>): Promise<R> {
    return updateThenInvalidate(this.redis, await this.keyOf(id), update);
  }

  keyOf(id: Id): Promise<string> {
    return Promise.resolve(this.options.key(id));
  }

  private async read(id: Id, key: string): Promise<CacheRead<T>> {
    const lookup = await readEntry(this.redis, key, this.serializer);
    if (lookup.cached) return { key, outcome: 'hit', via: 'cache', value: lookup.value };

    if (!this.coalescer) return this.asMiss(key, await this.fill(id, key), false);
    const { promise, joined } = this.coalescer.run(key, () => this.fill(id, key));
    return this.asMiss(key, await promise, joined);
  }

  private fill(id: Id, key: string): Promise<FlightResult<T>> {
    const loadAndStore = async () => {
      const value = await this.options.load(id);
      await writeEntry(this.redis, key, value, this.options, this.serializer);
      return value;
    };
    if (this.singleFlight) return this.singleFlight.run(key, this.serializer, loadAndStore);
    return loadAndStore().then((value) => ({ value, loadedHere: true }));
  }

  private asMiss(key: string, flight: FlightResult<T>, joined: boolean): CacheRead<T> {
    const via = joined ? 'coalesced' : flight.loadedHere ? 'loader' : 'peer';
    return { key, outcome: 'miss', via, value: flight.value };
  }
}
