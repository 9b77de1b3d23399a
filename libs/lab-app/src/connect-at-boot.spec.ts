import Redis from 'ioredis';
import { connectAtBoot } from './connect-at-boot';
import { isNotUpYet } from './lab-app.http';
import { closedPort } from './testing/closed-port';

describe('connectAtBoot', () => {
  it('fails a refused first connection with the network error, which the boot retries, and stops the client', async () => {
    const redis = new Redis({ host: '127.0.0.1', port: await closedPort(), lazyConnect: true });
    const failure = await connectAtBoot(redis).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isNotUpYet(failure)).toBe(true);
    // Stopped: ioredis would try again 50 ms after a refusal; nothing happens in ten times that.
    let attempts = 0;
    redis.on('reconnecting', () => (attempts += 1));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts).toBe(0);
  });
});
