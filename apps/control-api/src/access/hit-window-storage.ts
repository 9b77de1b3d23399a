import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

/** Live hits of one throttler: expiry times, ascending; `expiries[head…]` are the live ones. */
interface Hits {
  expiries: number[];
  head: number;
}

interface KeyRecord {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  hits: Map<string, Hits>;
}

/** Idle keys are dropped this often (as @nestjs/throttler's own storage does). */
const SWEEP_INTERVAL_MS = 60_000;
/** Expired hits are cut off the array once this many have piled up in front of the live ones. */
const COMPACT_AFTER = 1_024;

/**
 * @nestjs/throttler's in-memory storage, answering the same, in constant time per request. Its own
 * keeps every hit of the window in an array that it filters at every request: a student's page
 * sending 1,000 requests/s makes each request scan up to 60,000 expiry times (`npm run bench -- api`
 * slowed down the longer it ran). Hits of one key and throttler expire in the order they came (the
 * same ttl after `Date.now()`), so the expired ones are always in front: a moving start index drops
 * them, and the array is compacted now and then. (Should the clock step back, a hit expires late:
 * the limit errs on the strict side.)
 */
export class HitWindowStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly records = new Map<string, KeyRecord>();
  private sweeper: NodeJS.Timeout | undefined;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweeper ??= setInterval(() => this.sweep(Date.now()), SWEEP_INTERVAL_MS).unref();
    let record = this.records.get(key);
    if (!record) {
      record = { expiresAt: now + ttl, blockExpiresAt: 0, isBlocked: false, hits: new Map() };
      this.records.set(key, record);
    }
    let hits = record.hits.get(throttlerName);
    if (!hits) {
      hits = { expiries: [], head: 0 };
      record.hits.set(throttlerName, hits);
    }
    prune(hits, now);
    let timeToExpire = seconds(record.expiresAt - now);
    if (timeToExpire <= 0) {
      record.expiresAt = now + ttl;
      timeToExpire = seconds(record.expiresAt - now);
    }

    if (blockDuration <= 0) {
      const isBlocked = live(hits) >= limit;
      if (!isBlocked) hits.expiries.push(now + ttl);
      const oldest = hits.expiries[hits.head];
      return Promise.resolve({
        totalHits: live(hits) + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (oldest === undefined ? timeToExpire : seconds(oldest - now)) : 0,
      });
    }

    if (!record.isBlocked) hits.expiries.push(now + ttl);
    if (live(hits) > limit && !record.isBlocked) {
      record.isBlocked = true;
      record.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = seconds(record.blockExpiresAt - now);
    if (timeToBlockExpire <= 0 && record.isBlocked) {
      record.isBlocked = false;
      hits.expiries = [now + ttl];
      hits.head = 0;
    }
    return Promise.resolve({ totalHits: live(hits), timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire });
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.records.clear();
  }

  /** Drops keys with nothing left to remember: no block running, window over, no live hit. */
  sweep(now: number): void {
    for (const [key, record] of this.records) {
      if (record.isBlocked && record.blockExpiresAt > now) continue;
      if (record.expiresAt > now) continue;
      if ([...record.hits.values()].some((hits) => (prune(hits, now), live(hits) > 0))) continue;
      this.records.delete(key);
    }
  }
}

function prune(hits: Hits, now: number): void {
  const { expiries } = hits;
  while (hits.head < expiries.length && expiries[hits.head]! <= now) hits.head += 1;
  if (hits.head >= COMPACT_AFTER || (hits.head > 0 && hits.head === expiries.length)) {
    hits.expiries = expiries.slice(hits.head);
    hits.head = 0;
  }
}

function live(hits: Hits): number {
  return hits.expiries.length - hits.head;
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
