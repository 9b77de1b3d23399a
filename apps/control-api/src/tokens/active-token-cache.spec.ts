import { ActiveTokenCache } from './active-token-cache';
import { TokenRevocations } from './token-revocations';
import type { AccessTokenRecord } from './tokens.repository';

describe('ActiveTokenCache', () => {
  const record: AccessTokenRecord = {
    id: '6f1c2a9e-0000-4000-8000-000000000001',
    name: 'alice',
    role: 'student',
    tokenHash: 'a'.repeat(64),
    createdAt: new Date(),
    revokedAt: null,
    expiresAt: null,
  };
  let revocations: TokenRevocations;
  let cache: ActiveTokenCache;
  let rows: Map<string, AccessTokenRecord>;
  const load = jest.fn(async (hash: string) => rows.get(hash));

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    revocations = new TokenRevocations();
    cache = new ActiveTokenCache(revocations);
    rows = new Map([[record.tokenHash, record]]);
    load.mockClear();
  });
  afterEach(() => jest.useRealTimers());

  it('reads an active token once for the checks of a burst, and again after the TTL', async () => {
    await cache.find(record.tokenHash, load);
    await cache.find(record.tokenHash, load);
    jest.advanceTimersByTime(ActiveTokenCache.TTL_MS);
    await expect(cache.find(record.tokenHash, load)).resolves.toBe(record);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('sees a revocation made by another process within the TTL (under 1 s)', async () => {
    await cache.find(record.tokenHash, load);
    rows.delete(record.tokenHash); // revoked in the database by someone else
    jest.advanceTimersByTime(ActiveTokenCache.TTL_MS);
    await expect(cache.find(record.tokenHash, load)).resolves.toBeUndefined();
  });

  it('forgets everything at once when this process revokes a token', async () => {
    await cache.find(record.tokenHash, load);
    rows.delete(record.tokenHash);
    revocations.announce(record.id);
    await expect(cache.find(record.tokenHash, load)).resolves.toBeUndefined();
  });

  it('does not keep a read that was under way when a revocation came', async () => {
    let finish!: (value: AccessTokenRecord) => void;
    const slow = cache.find(record.tokenHash, () => new Promise((resolve) => (finish = resolve)));
    revocations.announce(record.id);
    finish(record);
    await slow;
    rows.delete(record.tokenHash);
    await expect(cache.find(record.tokenHash, load)).resolves.toBeUndefined();
  });

  it('never keeps an unknown token, so a token issued a moment later works at once', async () => {
    const fresh = { ...record, tokenHash: 'b'.repeat(64) };
    await expect(cache.find(fresh.tokenHash, load)).resolves.toBeUndefined();
    rows.set(fresh.tokenHash, fresh);
    await expect(cache.find(fresh.tokenHash, load)).resolves.toBe(fresh);
  });
});
