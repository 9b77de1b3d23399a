import type Redis from 'ioredis';
import { createHash } from 'node:crypto';

/**
 * A canonical, order-independent picture of a Redis database, and its checksum. Used to prove a
 * reset restores the exact seed: same keys, same types, same values, same "has a TTL or not"
 * (not the TTL itself: it counts down, so two equal databases would never hash alike).
 *
 * Canonical means: collections whose order Redis does not define (hash fields, set members,
 * sorted-set members) are sorted; lists keep their order, because it is part of their value.
 * DUMP is no shortcut: its bytes depend on the internal encoding (listpack or hashtable), which
 * depends on the history of the key, not only its contents.
 */

/** One key of a seed. Redis has no empty collections, so a seed may not hold one either. */
export type RedisSeedEntry =
  | { type: 'string'; key: string; value: string; ttlMs?: number }
  | { type: 'hash'; key: string; fields: Record<string, string>; ttlMs?: number }
  | { type: 'list'; key: string; items: string[]; ttlMs?: number }
  | { type: 'set'; key: string; members: string[]; ttlMs?: number }
  | { type: 'zset'; key: string; members: Array<{ member: string; score: number }>; ttlMs?: number };

export type RedisSeed = readonly RedisSeedEntry[];

export type SnapshotType = RedisSeedEntry['type'];

export interface SnapshotEntry {
  key: string;
  type: SnapshotType;
  expires: boolean;
  /** string: the string; list/set: items; hash: [field, value] pairs; zset: [member, score] pairs. */
  value: string | string[] | Array<[string, string]>;
}

export class UnsupportedRedisTypeError extends Error {
  override readonly name = 'UnsupportedRedisTypeError';
  constructor(
    readonly key: string,
    readonly type: string,
  ) {
    super(`redis snapshot: key "${key}" has type ${type}, which snapshots do not cover`);
  }
}

/** SHA-256 (hex) of a canonical snapshot. */
export function checksumSnapshot(entries: readonly SnapshotEntry[]): string {
  const sorted = [...entries].sort((a, b) => byCodeUnits(a.key, b.key));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** The snapshot a database holds right after `resetRedis(redis, seed)` — computed without Redis. Sorted by key, like `snapshotRedis`. */
export function seedSnapshot(seed: RedisSeed): SnapshotEntry[] {
  assertSeed(seed);
  return [...seed]
    .sort((a, b) => byCodeUnits(a.key, b.key))
    .map((entry) => ({
      key: entry.key,
      type: entry.type,
      expires: entry.ttlMs !== undefined,
      value: canonicalSeedValue(entry),
    }));
}

export function checksumSeed(seed: RedisSeed): string {
  return checksumSnapshot(seedSnapshot(seed));
}

/**
 * Reads every key of the selected database. SCAN, not KEYS: KEYS blocks the server for the whole
 * walk. SCAN may return a key more than once (when the table is resized mid-walk), hence the Set;
 * and it only guarantees keys that exist for the whole walk, so snapshot a quiet database.
 */
export async function snapshotRedis(redis: Redis, scanCount = 500): Promise<SnapshotEntry[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'COUNT', scanCount);
    for (const key of batch) keys.add(key);
    cursor = next;
  } while (cursor !== '0');

  const ordered = [...keys].sort(byCodeUnits);
  const entries: SnapshotEntry[] = [];
  for (let start = 0; start < ordered.length; start += scanCount) {
    entries.push(...(await readKeys(redis, ordered.slice(start, start + scanCount))));
  }
  return entries;
}

export async function checksumRedis(redis: Redis): Promise<string> {
  return checksumSnapshot(await snapshotRedis(redis));
}

export function assertSeed(seed: RedisSeed): void {
  const seen = new Set<string>();
  for (const entry of seed) {
    if (seen.has(entry.key)) throw new Error(`redis seed: key "${entry.key}" appears twice`);
    seen.add(entry.key);
    if (entry.ttlMs !== undefined && (!Number.isSafeInteger(entry.ttlMs) || entry.ttlMs <= 0)) {
      throw new Error(`redis seed: key "${entry.key}" has a bad ttlMs`);
    }
    const size =
      entry.type === 'string'
        ? 1
        : entry.type === 'hash'
          ? Object.keys(entry.fields).length
          : entry.type === 'list'
            ? entry.items.length
            : entry.members.length;
    if (size === 0) throw new Error(`redis seed: ${entry.type} "${entry.key}" is empty (Redis would not store it)`);
    if (entry.type === 'set' && new Set(entry.members).size !== entry.members.length) {
      throw new Error(`redis seed: set "${entry.key}" repeats a member`);
    }
    if (entry.type === 'zset') {
      if (new Set(entry.members.map((m) => m.member)).size !== entry.members.length) {
        throw new Error(`redis seed: zset "${entry.key}" repeats a member`);
      }
      if (entry.members.some((m) => Number.isNaN(m.score)))
        throw new Error(`redis seed: zset "${entry.key}": NaN score`);
    }
  }
}

/** A score as Redis takes it (and returns it): `inf`/`-inf` for the infinities. */
export function redisScore(score: number): string {
  if (score === Infinity) return 'inf';
  if (score === -Infinity) return '-inf';
  return String(score);
}

function canonicalSeedValue(entry: RedisSeedEntry): SnapshotEntry['value'] {
  switch (entry.type) {
    case 'string':
      return entry.value;
    case 'hash':
      return sortedPairs(Object.entries(entry.fields));
    case 'list':
      return [...entry.items];
    case 'set':
      return [...entry.members].sort(byCodeUnits);
    case 'zset':
      return sortedPairs(entry.members.map(({ member, score }) => [member, redisScore(score)]));
  }
}

/**
 * Sorted-set scores as the server's own text. Under RESP3 a score is a double, and a client
 * mapping it to a JS number may round it (ioredis 6 with `replyMapping: 'resp3'` reads 0.1 as
 * 0.10000000000000002). Inside a script, replies follow RESP2, where scores are strings.
 */
const ZRANGE_SCORES_AS_TEXT = "return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')";

async function readKeys(redis: Redis, keys: string[]): Promise<SnapshotEntry[]> {
  const meta = redis.pipeline();
  for (const key of keys) meta.type(key).pttl(key);
  const metaReplies = replies(await meta.exec());

  const found: Array<{ key: string; type: SnapshotType; expires: boolean }> = [];
  keys.forEach((key, i) => {
    const type = String(metaReplies[2 * i]);
    const pttl = Number(metaReplies[2 * i + 1]);
    if (type === 'none' || pttl === -2) return; // expired between SCAN and now
    if (!isSnapshotType(type)) throw new UnsupportedRedisTypeError(key, type);
    found.push({ key, type, expires: pttl >= 0 });
  });

  const values = redis.pipeline();
  for (const { key, type } of found) {
    if (type === 'string') values.get(key);
    else if (type === 'hash') values.hgetall(key);
    else if (type === 'list') values.lrange(key, 0, -1);
    else if (type === 'set') values.smembers(key);
    else values.eval(ZRANGE_SCORES_AS_TEXT, 1, key);
  }
  const valueReplies = replies(await values.exec());

  return found.map(({ key, type, expires }, i) => ({
    key,
    type,
    expires,
    value: canonicalReply(type, valueReplies[i]),
  }));
}

function canonicalReply(type: SnapshotType, reply: unknown): SnapshotEntry['value'] {
  switch (type) {
    case 'string':
      return String(reply);
    case 'list':
      return (reply as string[]).map(String);
    case 'set':
      return (reply as string[]).map(String).sort(byCodeUnits);
    case 'hash':
      // ioredis turns HGETALL into an object; a flat [field, value, …] array is accepted too.
      return sortedPairs(Array.isArray(reply) ? pairsOf(reply as unknown[]) : Object.entries(reply as object));
    case 'zset':
      return sortedPairs(pairsOf(reply as unknown[]).map(([member, score]) => [member, redisScore(parseScore(score))]));
  }
}

function parseScore(text: string): number {
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  return Number(text);
}

/** `[a, 1, b, 2]` (RESP2, and ioredis' default reply mapping) or `[[a, 1], [b, 2]]` (RESP3 mapping). */
function pairsOf(reply: readonly unknown[]): Array<[string, string]> {
  if (reply.every(Array.isArray)) return reply.map((pair) => [String(pair[0]), String(pair[1])]);
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < reply.length; i += 2) pairs.push([String(reply[i]), String(reply[i + 1])]);
  return pairs;
}

function sortedPairs(pairs: Array<[string, unknown]>): Array<[string, string]> {
  return pairs.map(([a, b]): [string, string] => [a, String(b)]).sort((x, y) => byCodeUnits(x[0], y[0]));
}

/** Plain code-unit order: `localeCompare` would make the checksum depend on the machine's locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isSnapshotType(type: string): type is SnapshotType {
  return ['string', 'hash', 'list', 'set', 'zset'].includes(type);
}

function replies(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (!results) throw new Error('redis snapshot: pipeline was aborted');
  return results.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
