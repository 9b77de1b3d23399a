import { RefreshTokenRejected, RefreshTokenStore } from '@lab/auth';
import type Redis from 'ioredis';
import { provisionRedis, type RedisSandbox } from './support/redis-sandbox';

/** Refresh-token rotation with reuse detection, against a real Redis from the image kit. */
describe('auth: refresh-token rotation', () => {
  let sandbox: RedisSandbox;
  let redis: Redis;
  let store: RefreshTokenStore;

  beforeAll(async () => {
    sandbox = await provisionRedis('refresh');
    redis = await sandbox.connect();
    store = new RefreshTokenStore(redis, { prefix: 'rt-test', tokenTtlSeconds: 600, familyTtlSeconds: 3600 });
  });
  afterAll(() => sandbox?.reap());

  const reason = (promise: Promise<unknown>) =>
    promise.then(
      () => 'accepted',
      (error: unknown) => (error instanceof RefreshTokenRejected ? error.reason : `unexpected: ${String(error)}`),
    );

  it('rotates: each token works once and hands out a successor in the same family', async () => {
    const first = await store.issue('ada');
    const second = await store.rotate(first.token);
    expect(second).toMatchObject({ subject: 'ada', familyId: first.familyId });
    expect(second.token).not.toBe(first.token);
    const third = await store.rotate(second.token);
    expect(third.familyId).toBe(first.familyId);
  });

  it('reusing a rotated token revokes the whole family, the newest token included', async () => {
    const first = await store.issue('ada');
    const second = await store.rotate(first.token);
    const newest = await store.rotate(second.token);

    // An attacker replays the token the client already exchanged.
    expect(await reason(store.rotate(first.token))).toBe('reused');
    // The legitimate client's newest token dies with the family: the thief cannot keep a chain.
    expect(await reason(store.rotate(newest.token))).toBe('revoked');
    expect(await reason(store.rotate(second.token))).toBe('revoked');
  });

  it('leaves other families (other logins of the same user) alone', async () => {
    const laptop = await store.issue('ada');
    const phone = await store.issue('ada');
    await store.rotate(laptop.token);
    await expect(store.rotate(laptop.token)).rejects.toThrow(RefreshTokenRejected);
    await expect(store.rotate(phone.token)).resolves.toMatchObject({ subject: 'ada', familyId: phone.familyId });
  });

  it('is atomic: two simultaneous uses of one token yield one success and one detected reuse', async () => {
    const issued = await store.issue('grace');
    const outcomes = await Promise.all([reason(store.rotate(issued.token)), reason(store.rotate(issued.token))]);
    expect(outcomes.sort()).toEqual(['accepted', 'reused']);
  });

  it('rejects tokens it never issued, and every token of a family revoked at logout', async () => {
    const issued = await store.issue('linus');
    const forged = `${issued.familyId}.${'A'.repeat(43)}`;
    expect(await reason(store.rotate(forged))).toBe('unknown');
    expect(await reason(store.rotate('not-a-token'))).toBe('unknown');
    await store.revokeFamily(issued.familyId);
    expect(await reason(store.rotate(issued.token))).toBe('revoked');
  });

  it("revokes every family of a subject at once (a password change), whatever the families' age, and only theirs", async () => {
    const older = await store.issue('grace');
    const rotated = await store.rotate((await store.issue('grace')).token);
    // A family written without an epoch (as the auth example's seed does) belongs to epoch 0.
    const legacy = await store.issue('grace');
    await redis.hdel(`rt-test:refresh-family:${legacy.familyId}`, 'epoch');
    const someoneElse = await store.issue('linus');

    await store.revokeSubject('grace');

    expect([
      await reason(store.rotate(older.token)),
      await reason(store.rotate(rotated.token)),
      await reason(store.rotate(legacy.token)),
      await reason(store.rotate(someoneElse.token)),
    ]).toEqual(['revoked', 'revoked', 'revoked', 'accepted']);
    // A login after the change starts a family that works.
    expect(await reason(store.rotate((await store.issue('grace')).token))).toBe('accepted');
  });

  it('keeps only digests in Redis, never a usable token', async () => {
    const issued = await store.issue('ada');
    const family = await redis.hgetall(`rt-test:refresh-family:${issued.familyId}`);
    expect(JSON.stringify(family)).not.toContain(issued.token.split('.')[1]);
    expect(await redis.ttl(`rt-test:refresh-family:${issued.familyId}`)).toBeGreaterThan(0);
  });
});
