import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ExpiryRing } from './expiry-ring';

interface KeyRecord {
  expiresAt: number;
  blockExpiresAt: number;
  isBlocked: boolean;
  hits: Map<string, ExpiryRing>;
}

/** Idle keys are dropped this often (as @nestjs/throttler's own storage does). */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * @nestjs/throttler's in-memory storage, answering the same, in constant time per request. Its own
 * keeps every hit of the window in an array that it filters at every request: a student's page
 * sending 1,000 requests/s makes each request scan up to 60,000 expiry times (`npm run bench -- api`
 * slowed down the longer it ran). Hits of one key and throttler expire in the order they came (the
 * same ttl after `Date.now()`), so the expired ones are always in front: a moving start index drops
 * them. They are kept in a ring (expiry-ring.ts), not an array cut now and then: at 1,000 requests/s
 * each cut copied 60,000 numbers into a new large object, which only a full GC frees. (Should the
 * clock step back, a hit expires late: the limit errs on the strict side.)
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
      hits = new ExpiryRing();
      record.hits.set(throttlerName, hits);
    }
    hits.dropUntil(now);
    let timeToExpire = seconds(record.expiresAt - now);
    if (timeToExpire <= 0) {
      record.expiresAt = now + ttl;
      timeToExpire = seconds(record.expiresAt - now);
    }

    if (blockDuration <= 0) {
      const isBlocked = hits.size >= limit;
      if (!isBlocked) hits.push(now + ttl);
      const oldest = hits.oldest();
      return Promise.resolve({
        totalHits: hits.size + (isBlocked ? 1 : 0),
        timeToExpire,
        isBlocked,
        timeToBlockExpire: isBlocked ? (oldest === undefined ? timeToExpire : seconds(oldest - now)) : 0,
      });
    }

    if (!record.isBlocked) hits.push(now + ttl);
    if (hits.size > limit && !record.isBlocked) {
      record.isBlocked = true;
      record.blockExpiresAt = now + blockDuration;
    }
    const timeToBlockExpire = seconds(record.blockExpiresAt - now);
    if (timeToBlockExpire <= 0 && record.isBlocked) {
      record.isBlocked = false;
      hits.clear();
      hits.push(now + ttl);
    }
    return Promise.resolve({ totalHits: hits.size, timeToExpire, isBlocked: record.isBlocked, timeToBlockExpire });
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
      if ([...record.hits.values()].some((hits) => (hits.dropUntil(now), hits.size > 0))) continue;
      this.records.delete(key);
    }
  }
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
